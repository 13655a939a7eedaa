// Placeholder entry; `hubvino doctor` is implemented by the runtime work.
export {};
