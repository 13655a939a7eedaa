/**
 * A minimal FlatBuffer table reader (little-endian, as FlatBuffers are), enough for TF Lite's
 * `schema.fbs` and its metadata's `metadata_schema.fbs`. Fields are addressed by their index in
 * the schema (a union takes two: its type, then its value).
 */
export class Table {
  constructor(
    private readonly view: DataView,
    readonly position: number,
  ) {}

  private fieldOffset(field: number): number {
    const vtable = this.position - this.view.getInt32(this.position, true);
    const vtableSize = this.view.getUint16(vtable, true);
    const entry = 4 + field * 2;
    return entry < vtableSize ? this.view.getUint16(vtable + entry, true) : 0;
  }

  private indirect(at: number): number {
    return at + this.view.getUint32(at, true);
  }

  table(field: number): Table | undefined {
    const offset = this.fieldOffset(field);
    return offset ? new Table(this.view, this.indirect(this.position + offset)) : undefined;
  }

  /** Start and length of a vector field. */
  vector(field: number): { start: number; length: number } | undefined {
    const offset = this.fieldOffset(field);
    if (!offset) return undefined;
    const at = this.indirect(this.position + offset);
    return { start: at + 4, length: this.view.getUint32(at, true) };
  }

  tables(field: number): Table[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from(
      { length: vector.length },
      (_, index) => new Table(this.view, this.indirect(vector.start + index * 4)),
    );
  }

  int32s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) => this.view.getInt32(vector.start + index * 4, true));
  }

  float32s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) => this.view.getFloat32(vector.start + index * 4, true));
  }

  int64s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) =>
      Number(this.view.getBigInt64(vector.start + index * 8, true)),
    );
  }

  uint8s(field: number): Uint8Array {
    const vector = this.vector(field);
    if (!vector) return new Uint8Array(0);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + vector.start, vector.length);
  }

  uint8(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getUint8(this.position + offset) : fallback;
  }

  uint64(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? Number(this.view.getBigUint64(this.position + offset, true)) : fallback;
  }

  int32(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getInt32(this.position + offset, true) : fallback;
  }

  int8(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getInt8(this.position + offset) : fallback;
  }

  uint32(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getUint32(this.position + offset, true) : fallback;
  }

  string(field: number): string {
    const vector = this.vector(field);
    if (!vector) return '';
    return Buffer.from(this.view.buffer, this.view.byteOffset + vector.start, vector.length).toString('utf8');
  }
}

/** The root table of a FlatBuffer. */
export function rootTable(bytes: Uint8Array): Table {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Table(view, view.getUint32(0, true));
}
