// hubvino's optional OpenVINO helper: a few C functions over OpenVINO's C++ API for calls the C API
// (libopenvino_c) does not have. It is built on demand against the provisioned wheel's headers and
// libopenvino (`hubvino-build-openvino-extras`, see packages/runtime/src/toolchain/openvino-extras.ts)
// and loaded through koffi by packages/runtime/src/openvino/native-helper.ts.
//
// The C API's handles (ov_core_t, ov_model_t, ov_compiled_model_t) are structs holding one
// std::shared_ptr to the C++ object (openvino/src/bindings/c/src/common.h); the same layouts are
// declared here so that handles pass both ways. Every function returns 0 on success, or -1 with
// the exception text readable through hv_last_error(). Strings returned are malloc'ed; free them
// with hv_free().
//
// When libjpeg(-turbo)'s headers are found at build time (Debian: libjpeg-dev), the helper also
// decodes JPEG files for decodeImage() (HUBVINO_WITH_JPEG, see the end of this file).
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

// ---------------------------------------------------------------------------------------------
// JPEG decoding with libjpeg(-turbo), in the calling thread (sharp's libvips hands every strip of
// a JPEG between its worker threads, which costs more than the decode itself at model sizes).
// Only the images that decode to exactly sharp's pixels are taken: YCbCr/RGB/grey 8-bit JPEGs,
// with their EXIF orientation applied as sharp does (a pixel permutation), and either no ICC
// profile or one of the two sRGB profiles sharp's conversion to sRGB leaves unchanged. Everything
// else (CMYK, other profiles, corrupt or truncated data) is left to sharp.
#if defined(HUBVINO_WITH_JPEG)
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <vector>
#include <jpeglib.h>

namespace {
// Why hv_jpeg_probe() leaves an image to sharp.
enum JpegVerdict : int {
    kJpegDecodable = 0,
    kJpegNotJpeg = 1,      // no SOI marker, or libjpeg refused the header
    kJpegColourSpace = 2,  // CMYK, YCCK, or a component count other than 1 and 3
    kJpegIccProfile = 4,   // an ICC profile other than the known sRGB ones, or one in several segments
    kJpegDamaged = 5,      // libjpeg warned (truncated or corrupt data) while decoding
};

// ICC profiles that sharp's conversion from the embedded profile to sRGB maps to the same pixels
// (the decode tests compare every byte): size and FNV-1a 64 of the profile.
struct KnownProfile {
    size_t size;
    uint64_t fnv1a;
};
constexpr KnownProfile kSrgbProfiles[] = {
    {3144, 0x56d2cbfca6b54318ULL},  // HP/Microsoft "sRGB IEC61966-2.1", embedded by most cameras and editors
    {480, 0x70d601daf84f28ffULL},   // libvips' own sRGB, embedded by sharp's withIccProfile('srgb')
};

struct JpegErrors {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    int warnings;
};

// libjpeg's default error_exit calls exit(); this one returns to the setjmp in the caller.
void jpeg_fail(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegErrors*>(info->err)->jump, 1); }

void jpeg_note(j_common_ptr info, int level) {
    if (level < 0) reinterpret_cast<JpegErrors*>(info->err)->warnings += 1;
}

unsigned read16(const JOCTET* bytes, bool big_endian) {
    return big_endian ? (bytes[0] << 8) | bytes[1] : (bytes[1] << 8) | bytes[0];
}

uint32_t read32(const JOCTET* bytes, bool big_endian) {
    return big_endian ? (uint32_t(read16(bytes, true)) << 16) | read16(bytes + 2, true)
                      : (uint32_t(read16(bytes + 2, false)) << 16) | read16(bytes, false);
}

// The orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment, or 0 when this is not one.
unsigned exif_orientation(const jpeg_saved_marker_ptr marker) {
    const JOCTET* data = marker->data;
    const size_t size = marker->data_length;
    if (size < 14 || std::memcmp(data, "Exif\0\0", 6) != 0) return 0;
    const JOCTET* tiff = data + 6;
    const size_t tiff_size = size - 6;
    bool big_endian;
    if (tiff[0] == 'M' && tiff[1] == 'M') big_endian = true;
    else if (tiff[0] == 'I' && tiff[1] == 'I') big_endian = false;
    else return 0;
    const uint32_t ifd = read32(tiff + 4, big_endian);
    if (ifd > tiff_size - 2) return 0;
    const unsigned entries = read16(tiff + ifd, big_endian);
    for (unsigned index = 0; index < entries; ++index) {
        const size_t entry = size_t(ifd) + 2 + size_t(index) * 12;
        if (entry + 12 > tiff_size) return 0;
        if (read16(tiff + entry, big_endian) == 0x0112) {
            const unsigned value = read16(tiff + entry + 8, big_endian);
            return value >= 1 && value <= 8 ? value : 0;
        }
    }
    return 0;
}

// Whether an APP2 ICC_PROFILE segment holds, whole, one of kSrgbProfiles.
bool is_known_srgb_profile(const jpeg_saved_marker_ptr marker) {
    // "ICC_PROFILE\0", sequence number, segment count, then the profile.
    if (marker->data[12] != 1 || marker->data[13] != 1) return false;
    const JOCTET* profile = marker->data + 14;
    const size_t size = marker->data_length - 14;
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (size_t index = 0; index < size; ++index) hash = (hash ^ profile[index]) * 0x100000001b3ULL;
    for (const KnownProfile& known : kSrgbProfiles)
        if (known.size == size && known.fnv1a == hash) return true;
    return false;
}

// Reads the header of `data` into `info` (set up by the caller) and judges it; `orientation` gets
// the first EXIF orientation (1 when there is none), as libvips reads it. Must run between the
// caller's setjmp and jpeg_destroy_decompress.
int judge_header(jpeg_decompress_struct* info, const uint8_t* data, size_t size, unsigned* orientation) {
    jpeg_save_markers(info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(info, JPEG_APP0 + 2, 0xFFFF);
    jpeg_mem_src(info, data, static_cast<unsigned long>(size));
    if (jpeg_read_header(info, TRUE) != JPEG_HEADER_OK) return kJpegNotJpeg;
    if (info->jpeg_color_space == JCS_CMYK || info->jpeg_color_space == JCS_YCCK) return kJpegColourSpace;
    if (info->num_components != 1 && info->num_components != 3) return kJpegColourSpace;
    *orientation = 0;
    for (jpeg_saved_marker_ptr marker = info->marker_list; marker != nullptr; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 2 && marker->data_length >= 14 &&
            std::memcmp(marker->data, "ICC_PROFILE\0", 12) == 0 && !is_known_srgb_profile(marker))
            return kJpegIccProfile;
        if (marker->marker == JPEG_APP0 + 1 && *orientation == 0) *orientation = exif_orientation(marker);
    }
    if (*orientation == 0) *orientation = 1;
    return kJpegDecodable;
}

// Makes `errors` the error manager of `info` (zero-initialised by the caller): errors return to the
// caller's setjmp instead of exiting, warnings are counted. The caller then sets its setjmp and only
// after it calls jpeg_create_decompress, which can fail too (jpeg_destroy_decompress is safe on a
// zeroed struct).
void use_errors(jpeg_decompress_struct* info, JpegErrors* errors) {
    info->err = jpeg_std_error(&errors->manager);
    errors->manager.error_exit = jpeg_fail;
    errors->manager.emit_message = jpeg_note;
    errors->warnings = 0;
}

bool is_jpeg(const uint8_t* data, size_t size) {
    return size >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

// Where stored pixel (x, y) of a width x height image lands once `orientation` is applied, as an
// offset in pixels into the displayed image (width and height swapped for orientations 5 to 8).
inline size_t displayed_offset(unsigned orientation, size_t x, size_t y, size_t width, size_t height) {
    switch (orientation) {
        case 2: return y * width + (width - 1 - x);                    // mirrored left-right
        case 3: return (height - 1 - y) * width + (width - 1 - x);     // turned 180 degrees
        case 4: return (height - 1 - y) * width + x;                   // mirrored top-bottom
        case 5: return x * height + y;                                 // transposed
        case 6: return x * height + (height - 1 - y);                  // turned 90 degrees clockwise
        case 7: return (width - 1 - x) * height + (height - 1 - y);    // transversed
        case 8: return (width - 1 - x) * height + y;                   // turned 90 degrees anticlockwise
        default: return y * width + x;
    }
}
}  // namespace

extern "C" {

int hv_jpeg_supported() { return 3; }

// Judges the JPEG in `data`: 0 (kJpegDecodable) with its stored width and height and its EXIF
// orientation (1..8) when hv_jpeg_decode() can take it, else the JpegVerdict that leaves it to
// another decoder.
int hv_jpeg_probe(const uint8_t* data, size_t size, uint32_t* width, uint32_t* height, uint32_t* orientation) {
    if (!is_jpeg(data, size)) return kJpegNotJpeg;
    jpeg_decompress_struct info{};
    JpegErrors errors;
    use_errors(&info, &errors);
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        return kJpegNotJpeg;
    }
    jpeg_create_decompress(&info);
    unsigned found = 1;
    const int verdict = judge_header(&info, data, size, &found);
    *width = info.image_width;
    *height = info.image_height;
    *orientation = found;
    jpeg_destroy_decompress(&info);
    return verdict;
}

// Decodes `data` to RGB, scaled by eighths/8 (1..8; libjpeg-turbo's DCT scaling) and turned by its
// EXIF orientation, into `out`, which must hold exactly ceil(width * eighths / 8) *
// ceil(height * eighths / 8) * 3 bytes. Returns 0, a JpegVerdict (the image is left to another
// decoder; `out` is then undefined), or -1 with hv_last_error() when `out` has the wrong size.
int hv_jpeg_decode(const uint8_t* data, size_t size, int eighths, uint8_t* out, size_t out_size) {
    if (!is_jpeg(data, size)) return kJpegNotJpeg;
    if (eighths < 1 || eighths > 8) {
        last_error = "hv_jpeg_decode: the scale must be 1/8 to 8/8";
        return -1;
    }
    jpeg_decompress_struct info{};
    JpegErrors errors;
    // Allocated before setjmp: a longjmp must not skip a destructor.
    std::vector<JSAMPLE> row_buffer;
    use_errors(&info, &errors);
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        return kJpegDamaged;
    }
    jpeg_create_decompress(&info);
    unsigned orientation = 1;
    const int verdict = judge_header(&info, data, size, &orientation);
    if (verdict != kJpegDecodable) {
        jpeg_destroy_decompress(&info);
        return verdict;
    }
    info.out_color_space = JCS_RGB;
    info.scale_num = static_cast<unsigned>(eighths);
    info.scale_denom = 8;
    jpeg_calc_output_dimensions(&info);
    const size_t width = info.output_width;
    const size_t height = info.output_height;
    if (info.output_components != 3 || width * height * 3 != out_size) {
        jpeg_destroy_decompress(&info);
        last_error = "hv_jpeg_decode: the output buffer does not match the scaled image size";
        return -1;
    }
    if (orientation != 1) row_buffer.resize(width * 3);
    jpeg_start_decompress(&info);
    while (info.output_scanline < height) {
        const size_t y = info.output_scanline;
        JSAMPROW row = orientation == 1 ? out + y * width * 3 : row_buffer.data();
        jpeg_read_scanlines(&info, &row, 1);
        if (orientation == 1) continue;
        for (size_t x = 0; x < width; ++x) {
            uint8_t* pixel = out + displayed_offset(orientation, x, y, width, height) * 3;
            pixel[0] = row[x * 3];
            pixel[1] = row[x * 3 + 1];
            pixel[2] = row[x * 3 + 2];
        }
    }
    jpeg_finish_decompress(&info);
    const int warnings = errors.warnings;
    jpeg_destroy_decompress(&info);
    return warnings == 0 ? 0 : kJpegDamaged;
}

}  // extern "C"
#else
extern "C" int hv_jpeg_supported() { return 0; }
#endif
