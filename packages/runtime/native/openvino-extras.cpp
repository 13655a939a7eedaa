// hubvino's optional OpenVINO helper: a few C functions over OpenVINO's C++ API for calls the C API
// (libopenvino_c) does not have. It is built on demand against the provisioned wheel's headers and
// libopenvino (`hubvino-build-openvino-extras`, see packages/runtime/src/toolchain/build-extras.ts)
// and loaded through koffi by packages/runtime/src/openvino/native-helper.ts.
//
// The C API's handles (ov_core_t, ov_model_t, ov_compiled_model_t) are structs holding one
// std::shared_ptr to the C++ object (openvino/src/bindings/c/src/common.h); the same layouts are
// declared here so that handles pass both ways. Every function returns 0 on success, or -1 with
// the exception text readable through hv_last_error(). Strings returned are malloc'ed; free them
// with hv_free().
#include <openvino/core/graph_util.hpp>
#include <openvino/core/model.hpp>
#include <openvino/runtime/compiled_model.hpp>
#include <openvino/runtime/core.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <sstream>
#include <string>

struct ov_core {
    std::shared_ptr<ov::Core> object;
};
struct ov_model {
    std::shared_ptr<ov::Model> object;
};
struct ov_compiled_model {
    std::shared_ptr<ov::CompiledModel> object;
};

namespace {
thread_local std::string last_error;

template <class Action>
int guarded(Action action) {
    try {
        action();
        return 0;
    } catch (const std::exception& error) {
        last_error = error.what();
    } catch (...) {
        last_error = "unknown C++ exception";
    }
    return -1;
}

char* copy_string(const std::string& text) {
    char* result = static_cast<char*>(std::malloc(text.size() + 1));
    if (result == nullptr) throw std::bad_alloc();
    std::memcpy(result, text.c_str(), text.size() + 1);
    return result;
}

ov::AnyMap properties_of(size_t count, const char** keys, const char** values) {
    ov::AnyMap properties;
    for (size_t index = 0; index < count; ++index) properties[keys[index]] = std::string(values[index]);
    return properties;
}
}  // namespace

extern "C" {

const char* hv_last_error() { return last_error.c_str(); }

void hv_free(void* pointer) { std::free(pointer); }

int hv_model_clone(const ov_model* model, ov_model** out) {
    return guarded([&] { *out = new ov_model{model->object->clone()}; });
}

int hv_model_get_name(const ov_model* model, char** out) {
    return guarded([&] { *out = copy_string(model->object->get_name()); });
}

int hv_model_set_friendly_name(ov_model* model, const char* name) {
    return guarded([&] { model->object->set_friendly_name(name); });
}

// Operation names and types in topological order: "name\ttype\n" per operation.
int hv_model_get_ops(const ov_model* model, char** out) {
    return guarded([&] {
        std::string text;
        for (const auto& node : model->object->get_ordered_ops()) {
            text += node->get_friendly_name();
            text += '\t';
            text += node->get_type_name();
            text += '\n';
        }
        *out = copy_string(text);
    });
}

int hv_save_model(const ov_model* model, const char* path, int compress_to_fp16) {
    return guarded([&] { ov::save_model(model->object, path, compress_to_fp16 != 0); });
}

// "operation\tdevice\n" per supported operation.
int hv_core_query_model(const ov_core* core,
                        const ov_model* model,
                        const char* device,
                        size_t count,
                        const char** keys,
                        const char** values,
                        char** out) {
    return guarded([&] {
        const auto result = core->object->query_model(model->object, device, properties_of(count, keys, values));
        std::string text;
        for (const auto& entry : result) {
            text += entry.first;
            text += '\t';
            text += entry.second;
            text += '\n';
        }
        *out = copy_string(text);
    });
}

int hv_core_import_model(const ov_core* core,
                         const char* data,
                         size_t size,
                         const char* device,
                         size_t count,
                         const char** keys,
                         const char** values,
                         ov_compiled_model** out) {
    return guarded([&] {
        std::istringstream stream(std::string(data, size));
        auto compiled = core->object->import_model(stream, device, properties_of(count, keys, values));
        *out = new ov_compiled_model{std::make_shared<ov::CompiledModel>(std::move(compiled))};
    });
}

// Core-wide properties (no device), e.g. CACHE_DIR, as OpenVINO prints them.
int hv_core_get_property(const ov_core* core, const char* device, const char* key, char** out) {
    return guarded([&] { *out = copy_string(core->object->get_property(device, key).as<std::string>()); });
}

}  // extern "C"
