// N-API surface of face_deblur_native. Every argument is validated here as well as in
// native/index.ts (this layer must never trust its caller: a bad call may not crash the
// process). Heavy calls exist as `...Sync`, which read the caller's arrays in place and write
// into the new result array, and as promise-returning AsyncWorkers that copy their inputs, so
// JavaScript may reuse its arrays while the work runs.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "deconv.h"
#include "fft2d.h"
#include "gaussian.h"
#include "paste.h"
#include "resample.h"
#include "warp.h"

namespace {

constexpr int kMaxSide = 16384;
constexpr double kMaxPixels = 64.0 * 1024 * 1024;
constexpr int kMaxKernel = 1023;
constexpr int kMaxPhotoSide = 65535;  // JPEG's and WebP's limit is lower, PNG's higher
// Gaussian blur: far beyond any use (paste-back's widest is 22 crop pixels), small enough that
// the box radius and its line buffers stay small.
constexpr double kMaxBlurSigma = 1000;

[[noreturn]] void rangeError(const Napi::Env& env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

[[noreturn]] void typeError(const Napi::Env& env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::string s = std::to_string(v);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

// info[i] is `undefined` past the last argument, so missing arguments fail the type checks.
Napi::Value arg(const Napi::CallbackInfo& info, std::size_t i) { return info[i]; }

int integerArg(const Napi::CallbackInfo& info, std::size_t i, const char* name, int lo, int hi) {
  const Napi::Value v = arg(info, i);
  if (!v.IsNumber()) typeError(info.Env(), std::string(name) + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::floor(d) != d) {
    rangeError(info.Env(), std::string(name) + " must be an integer, got " + show(d));
  }
  if (d < lo || d > hi) {
    rangeError(info.Env(), std::string(name) + " must be in " + std::to_string(lo) + ".." +
                               std::to_string(hi) + ", got " + show(d));
  }
  return static_cast<int>(d);
}

double parameterArg(const Napi::CallbackInfo& info, std::size_t i, const char* name,
                    double hi) {
  const Napi::Value v = arg(info, i);
  if (!v.IsNumber()) typeError(info.Env(), std::string(name) + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d < 0 || d > hi) {
    rangeError(info.Env(), std::string(name) + " must be a finite number in 0.." + show(hi) +
                               ", got " + show(d));
  }
  return d;
}

// True when no value is NaN or infinite: an all-ones exponent, tested on the bits so the loop
// vectorises (the arrays are whole images, scanned on every call).
bool allFinite(const float* data, std::size_t n) {
  std::uint32_t bad = 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::uint32_t bits;
    std::memcpy(&bits, data + k, sizeof bits);
    bad |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  return bad == 0;
}

// A validated Float32Array argument of exactly `length` finite values: a view of the caller's
// array for synchronous calls, a private copy for asynchronous ones (JavaScript may change its
// array while the worker runs).
struct Floats {
  const float* data = nullptr;
  std::shared_ptr<const std::vector<float>> copy;
};

Floats floatsArg(const Napi::CallbackInfo& info, std::size_t i, const char* name, double length,
                 bool copy) {
  const Napi::Value v = arg(info, i);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    typeError(info.Env(), std::string(name) + " must be a Float32Array");
  }
  const Napi::Float32Array a = v.As<Napi::Float32Array>();
  const std::size_t n = a.ElementLength();
  if (static_cast<double>(n) != length) {
    rangeError(info.Env(), std::string(name) + " must have " + show(length) +
                               " elements, got " + std::to_string(n));
  }
  const float* data = a.Data();
  if (!allFinite(data, n)) {
    std::size_t k = 0;
    while (std::isfinite(data[k])) ++k;
    rangeError(info.Env(), std::string(name) + " must contain only finite values (index " +
                               std::to_string(k) + " is " + show(data[k]) + ")");
  }
  Floats f{data, nullptr};
  if (copy) {
    f.copy = std::make_shared<const std::vector<float>>(data, data + n);
    f.data = f.copy->data();
  }
  return f;
}

struct Size {
  int width, height;
  double pixels() const { return static_cast<double>(width) * height; }
};

Size sizeArgs(const Napi::CallbackInfo& info, std::size_t i) {
  Size s{integerArg(info, i, "width", 1, kMaxSide), integerArg(info, i + 1, "height", 1, kMaxSide)};
  if (s.pixels() > kMaxPixels) {
    rangeError(info.Env(), "width * height must be at most " + show(kMaxPixels) + ", got " +
                               show(s.pixels()));
  }
  return s;
}

int channelsArg(const Napi::CallbackInfo& info, std::size_t i) {
  const int c = integerArg(info, i, "channels", 1, 4);
  if (c == 2) rangeError(info.Env(), "channels must be 1, 3 or 4, got 2");
  return c;
}

int kernelSizeArg(const Napi::CallbackInfo& info, std::size_t i, const Size& s, int lo, int hi) {
  const int k = integerArg(info, i, "kernelSize", lo, hi);
  if (k % 2 == 0) rangeError(info.Env(), "kernelSize must be odd, got " + std::to_string(k));
  if (k > std::min(s.width, s.height)) {
    rangeError(info.Env(), "kernelSize " + std::to_string(k) +
                               " is larger than the image (min(width, height) = " +
                               std::to_string(std::min(s.width, s.height)) + ")");
  }
  return k;
}

Floats kernelArg(const Napi::CallbackInfo& info, std::size_t i, int size, bool copy) {
  return floatsArg(info, i, "kernel", static_cast<double>(size) * size, copy);
}

Napi::Float32Array toFloat32Array(Napi::Env env, const std::vector<float>& v) {
  Napi::Float32Array out = Napi::Float32Array::New(env, v.size());
  std::copy(v.begin(), v.end(), out.Data());
  return out;
}

// Runs `work` on a libuv thread and resolves with `finish(env)` on the JS thread.
class Job final : public Napi::AsyncWorker {
 public:
  Job(Napi::Env env, std::function<void()> work, std::function<Napi::Value(Napi::Env)> finish)
      : Napi::AsyncWorker(env, "face_deblur_native"),
        deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)),
        finish_(std::move(finish)) {}
  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      work_();
    } catch (const std::bad_alloc&) {
      SetError("face_deblur_native: out of memory; try a smaller image");
    } catch (const std::exception& e) {
      SetError(std::string("face_deblur_native: ") + e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(finish_(Env())); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<void()> work_;
  std::function<Napi::Value(Napi::Env)> finish_;
};

Napi::Value runSyncOrAsync(const Napi::CallbackInfo& info, bool async, std::function<void()> work,
                           std::function<Napi::Value(Napi::Env)> finish) {
  if (!async) {
    try {
      work();
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(info.Env(), "face_deblur_native: out of memory; try a smaller image");
    }
    return finish(info.Env());
  }
  Job* job = new Job(info.Env(), std::move(work), std::move(finish));
  Napi::Promise promise = job->Promise();
  job->Queue();
  return promise;
}

// estimateKernel(blurry, sketch, width, height, kernelSize (0 = auto), beta, threshold)
Napi::Value EstimateKernel(const Napi::CallbackInfo& info, bool async) {
  const Size s = sizeArgs(info, 2);
  const Floats blurry = floatsArg(info, 0, "blurryGray", s.pixels(), async);
  const Floats sketch = floatsArg(info, 1, "sketchGray", s.pixels(), async);
  int kernelSize = integerArg(info, 4, "kernelSize", 0, fd::kMaxEstimatedKernel);
  if (kernelSize == 0) {
    if (std::min(s.width, s.height) < fd::kMinEstimatedKernel) {
      rangeError(info.Env(), "automatic kernelSize needs width and height >= 11, got " +
                                 std::to_string(s.width) + "x" + std::to_string(s.height));
    }
  } else {
    kernelSize = kernelSizeArg(info, 4, s, fd::kMinEstimatedKernel, fd::kMaxEstimatedKernel);
  }
  const double beta = parameterArg(info, 5, "beta", 1e12);
  const double threshold = parameterArg(info, 6, "threshold", 1.0);
  auto result = std::make_shared<fd::KernelEstimate>();
  return runSyncOrAsync(
      info, async,
      [=] {
        *result = fd::estimateKernel(blurry.data, sketch.data, s.width, s.height, kernelSize,
                                     beta, threshold);
      },
      [result](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("kernel", toFloat32Array(env, result->kernel));
        o.Set("size", Napi::Number::New(env, result->size));
        o.Set("confidence", Napi::Number::New(env, result->confidence));
        return o;
      });
}

// kernelConfidence(blurry, sketch, width, height, kernel, kernelSize)
Napi::Value KernelConfidence(const Napi::CallbackInfo& info, bool async) {
  const Size s = sizeArgs(info, 2);
  const Floats blurry = floatsArg(info, 0, "blurryGray", s.pixels(), async);
  const Floats sketch = floatsArg(info, 1, "sketchGray", s.pixels(), async);
  const int size = kernelSizeArg(info, 5, s, 1, kMaxKernel);
  const Floats kernel = kernelArg(info, 4, size, async);
  auto result = std::make_shared<double>(0.0);
  return runSyncOrAsync(
      info, async,
      [=] {
        *result = fd::kernelConfidence(blurry.data, sketch.data, s.width, s.height, kernel.data,
                                       size);
      },
      [result](Napi::Env env) -> Napi::Value { return Napi::Number::New(env, *result); });
}

// wiener(image, width, height, channels, kernel, kernelSize, gamma, boundary)
// blur(image, width, height, channels, kernel, kernelSize, boundary)
Napi::Value Filter(const Napi::CallbackInfo& info, bool async, bool deconvolve) {
  const Size s = sizeArgs(info, 1);
  const int channels = channelsArg(info, 3);
  const Floats image = floatsArg(info, 0, "image", s.pixels() * channels, async);
  const int size = kernelSizeArg(info, 5, s, 1, kMaxKernel);
  const Floats kernel = kernelArg(info, 4, size, async);
  const double gamma = deconvolve ? parameterArg(info, 6, "gamma", 1e12) : 0.0;
  const Napi::Value mode = arg(info, deconvolve ? 7 : 6);
  if (!mode.IsString()) typeError(info.Env(), "boundary must be a string");
  const std::string boundary = mode.As<Napi::String>().Utf8Value();
  const char* allowed = deconvolve ? "'taper' or 'none'" : "'symmetric' or 'circular'";
  const bool first = boundary == (deconvolve ? "taper" : "symmetric");
  if (!first && boundary != (deconvolve ? "none" : "circular")) {
    rangeError(info.Env(), std::string("boundary must be ") + allowed + ", got '" + boundary + "'");
  }
  const std::size_t length = static_cast<std::size_t>(s.pixels()) * channels;
  auto run = [=](float* out) {
    if (deconvolve) {
      fd::wienerDeconvolve(image.data, s.width, s.height, channels, kernel.data, size, gamma,
                           first ? fd::WienerBoundary::Taper : fd::WienerBoundary::None, out);
    } else {
      fd::blur(image.data, s.width, s.height, channels, kernel.data, size,
               first ? fd::BlurBoundary::Symmetric : fd::BlurBoundary::Circular, out);
    }
  };
  if (!async) {  // straight into the result array
    Napi::Float32Array out = Napi::Float32Array::New(info.Env(), length);
    return runSyncOrAsync(info, false, [&] { run(out.Data()); }, [&](Napi::Env) { return out; });
  }
  auto out = std::make_shared<std::vector<float>>();
  return runSyncOrAsync(
      info, true,
      [=] {
        out->resize(length);
        run(out->data());
      },
      [out](Napi::Env env) -> Napi::Value { return toFloat32Array(env, *out); });
}

// fft2(real, width, height) -> interleaved half spectrum
Napi::Value Fft2(const Napi::CallbackInfo& info) {
  const Size s = sizeArgs(info, 1);
  const Floats real = floatsArg(info, 0, "real", s.pixels(), false);
  auto plan = fd::realFft2D(s.height, s.width);
  Napi::Float32Array out = Napi::Float32Array::New(info.Env(), plan->spectrumSize() * 2);
  plan->forward(real.data, reinterpret_cast<fd::cfloat*>(out.Data()));
  return out;
}

// ifft2(spectrum, width, height) -> real, scaled by 1 / (width * height)
Napi::Value Ifft2(const Napi::CallbackInfo& info) {
  const Size s = sizeArgs(info, 1);
  const double complexCount = static_cast<double>(s.height) * (s.width / 2 + 1);
  // The inverse overwrites its input: work on a copy, never on the caller's array.
  const Floats spectrum = floatsArg(info, 0, "spectrum", complexCount * 2, false);
  auto plan = fd::realFft2D(s.height, s.width);
  std::vector<fd::cfloat> work(plan->spectrumSize());
  std::memcpy(static_cast<void*>(work.data()), spectrum.data, work.size() * sizeof(fd::cfloat));
  Napi::Float32Array out = Napi::Float32Array::New(info.Env(), static_cast<std::size_t>(s.pixels()));
  plan->inverse(work.data(), out.Data());
  const float scale = static_cast<float>(1.0 / s.pixels());
  float* o = out.Data();
  for (std::size_t k = 0; k < out.ElementLength(); ++k) o[k] *= scale;
  return out;
}

// shrinkArea(pixels, width, height, channels, outWidth, outHeight) -> Uint8Array
// `pixels`: a Uint8Array or Uint8ClampedArray of width * height * channels bytes (1..4 channels,
// unlike the float functions, 2 is accepted: this is plain resampling). Unlike the float
// functions, the promise form reads the caller's array in place (a 12 MP photo is 48 MB, and a
// copy would cost as much as the shrink): JavaScript must leave it unchanged until the promise
// settles. A reference keeps it alive meanwhile.
Napi::Value ShrinkArea(const Napi::CallbackInfo& info, bool async) {
  const Napi::Value v = arg(info, 0);
  if (!v.IsTypedArray() ||
      (v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array &&
       v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_clamped_array)) {
    typeError(info.Env(), "pixels must be a Uint8Array or Uint8ClampedArray");
  }
  const Napi::TypedArray pixels = v.As<Napi::TypedArray>();
  // Photos, not FFT grids: not held to kMaxPixels; the array's length bounds the size.
  const Size s{integerArg(info, 1, "width", 1, kMaxPhotoSide),
               integerArg(info, 2, "height", 1, kMaxPhotoSide)};
  const int channels = integerArg(info, 3, "channels", 1, 4);
  const Size to{integerArg(info, 4, "outWidth", 1, s.width),
                integerArg(info, 5, "outHeight", 1, s.height)};
  const double length = s.pixels() * channels;
  if (static_cast<double>(pixels.ElementLength()) != length) {
    rangeError(info.Env(), "pixels must have " + show(length) + " elements, got " +
                               std::to_string(pixels.ElementLength()));
  }
  const std::uint8_t* src =
      static_cast<const std::uint8_t*>(pixels.ArrayBuffer().Data()) + pixels.ByteOffset();
  auto out = std::make_shared<std::vector<std::uint8_t>>(
      static_cast<std::size_t>(to.pixels()) * channels);
  auto keep = std::make_shared<Napi::Reference<Napi::TypedArray>>(Napi::Persistent(pixels));
  return runSyncOrAsync(
      info, async,
      [=] { fd::shrinkArea(src, s.width, s.height, channels, out->data(), to.width, to.height); },
      [out, keep](Napi::Env env) -> Napi::Value {
        keep->Reset();
        Napi::Uint8Array result = Napi::Uint8Array::New(env, out->size());
        std::copy(out->begin(), out->end(), result.Data());
        return result;
      });
}

// warpAffineSync(pixels, width, height, channels, toSource, outWidth, outHeight, sample,
//                fillOutside, fill, only, regionX, regionY, regionWidth, regionHeight)
//   -> Float32Array of regionWidth * regionHeight * sample.length
// `pixels`: Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array or Float64Array of
// width * height * channels samples (1..4 channels), read in place; `toSource`: Float64Array(6),
// finite; `sample`: Int32Array of 1..4 source channel indices; `only`: null or a Float32Array of
// regionWidth * regionHeight. Synchronous only: alignment and paste-back are small and call it
// from synchronous code. Non-finite sample values are allowed (they propagate, nothing crashes).
Napi::Value WarpAffine(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Napi::Value v = arg(info, 0);
  if (!v.IsTypedArray()) typeError(env, "pixels must be a typed array");
  const Napi::TypedArray pixels = v.As<Napi::TypedArray>();
  const napi_typedarray_type type = pixels.TypedArrayType();
  if (type != napi_uint8_array && type != napi_uint8_clamped_array &&
      type != napi_uint16_array && type != napi_float32_array && type != napi_float64_array) {
    typeError(env,
              "pixels must be a Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array or "
              "Float64Array");
  }
  const Size s{integerArg(info, 1, "width", 1, kMaxPhotoSide),
               integerArg(info, 2, "height", 1, kMaxPhotoSide)};
  const int channels = integerArg(info, 3, "channels", 1, 4);
  const double length = s.pixels() * channels;
  if (static_cast<double>(pixels.ElementLength()) != length) {
    rangeError(env, "pixels must have " + show(length) + " elements, got " +
                        std::to_string(pixels.ElementLength()));
  }
  const Napi::Value m = arg(info, 4);
  if (!m.IsTypedArray() || m.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      m.As<Napi::Float64Array>().ElementLength() != 6) {
    typeError(env, "toSource must be a Float64Array of 6 values");
  }
  fd::WarpSpec spec{};
  for (int k = 0; k < 6; ++k) {
    spec.toSource[k] = m.As<Napi::Float64Array>()[k];
    if (!std::isfinite(spec.toSource[k])) rangeError(env, "toSource must be finite");
  }
  spec.width = integerArg(info, 5, "outWidth", 1, kMaxPhotoSide);
  spec.height = integerArg(info, 6, "outHeight", 1, kMaxPhotoSide);
  const Napi::Value c = arg(info, 7);
  if (!c.IsTypedArray() || c.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    typeError(env, "sample must be an Int32Array of 1..4 channel indices");
  }
  const Napi::Int32Array sample = c.As<Napi::Int32Array>();
  if (sample.ElementLength() < 1 || sample.ElementLength() > 4) {
    rangeError(env, "sample must name 1..4 channels");
  }
  spec.outChannels = static_cast<int>(sample.ElementLength());
  int chans[4];
  for (int k = 0; k < spec.outChannels; ++k) {
    chans[k] = sample[k];
    if (chans[k] < 0 || chans[k] >= channels) {
      rangeError(env, "sample channels must be in 0.." + std::to_string(channels - 1));
    }
  }
  spec.channels = chans;
  if (!arg(info, 8).IsBoolean()) typeError(env, "fillOutside must be a boolean");
  spec.fillOutside = arg(info, 8).As<Napi::Boolean>();
  if (!arg(info, 9).IsNumber()) typeError(env, "fill must be a number");
  spec.fill = arg(info, 9).As<Napi::Number>().FloatValue();
  spec.regionX = integerArg(info, 11, "regionX", -kMaxPhotoSide, kMaxPhotoSide);
  spec.regionY = integerArg(info, 12, "regionY", -kMaxPhotoSide, kMaxPhotoSide);
  spec.regionWidth = integerArg(info, 13, "regionWidth", 1, kMaxPhotoSide);
  spec.regionHeight = integerArg(info, 14, "regionHeight", 1, kMaxPhotoSide);
  const double region = static_cast<double>(spec.regionWidth) * spec.regionHeight;
  if (region * spec.outChannels > kMaxPixels * 4) {
    rangeError(env, "regionWidth * regionHeight * sample.length must be at most " +
                        show(kMaxPixels * 4));
  }
  const Napi::Value only = arg(info, 10);
  spec.only = nullptr;
  if (!only.IsNull()) {
    if (!only.IsTypedArray() ||
        only.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      typeError(env, "only must be null or a Float32Array");
    }
    if (static_cast<double>(only.As<Napi::Float32Array>().ElementLength()) != region) {
      rangeError(env, "only must have " + show(region) + " elements, got " +
                          std::to_string(only.As<Napi::Float32Array>().ElementLength()));
    }
    spec.only = only.As<Napi::Float32Array>().Data();
  }
  Napi::Float32Array out =
      Napi::Float32Array::New(env, static_cast<std::size_t>(region) * spec.outChannels);
  const void* data = static_cast<const std::uint8_t*>(pixels.ArrayBuffer().Data()) +
                     pixels.ByteOffset();
  switch (type) {
    case napi_uint16_array:
      fd::warpAffine(static_cast<const std::uint16_t*>(data), s.width, s.height, channels, spec,
                     out.Data());
      break;
    case napi_float32_array:
      fd::warpAffine(static_cast<const float*>(data), s.width, s.height, channels, spec,
                     out.Data());
      break;
    case napi_float64_array:
      fd::warpAffine(static_cast<const double*>(data), s.width, s.height, channels, spec,
                     out.Data());
      break;
    default:
      fd::warpAffine(static_cast<const std::uint8_t*>(data), s.width, s.height, channels, spec,
                     out.Data());
  }
  return out;
}

// pasteRegionSync(photo, width, height, warped, x, y, regionWidth, regionHeight, lut, gray,
//                 grain, seed) -> undefined
// Blends a warped face (Float32Array of regionWidth * regionHeight * 4: r, g, b in 0..255 and
// the mask weight) into `photo` (8-bit RGBA, changed in place) over the rectangle at (x, y),
// which must lie inside the photo; `lut`: null or a Float32Array of 768 (toned photos); `seed`:
// an unsigned 32-bit integer.
Napi::Value PasteRegion(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Napi::Value v = arg(info, 0);
  const napi_typedarray_type type =
      v.IsTypedArray() ? v.As<Napi::TypedArray>().TypedArrayType() : napi_int8_array;
  if (type != napi_uint8_array && type != napi_uint8_clamped_array) {
    typeError(env, "photo must be a Uint8Array or Uint8ClampedArray");
  }
  const Napi::TypedArray photo = v.As<Napi::TypedArray>();
  const Size s{integerArg(info, 1, "width", 1, kMaxPhotoSide),
               integerArg(info, 2, "height", 1, kMaxPhotoSide)};
  if (static_cast<double>(photo.ElementLength()) != s.pixels() * 4) {
    rangeError(env, "photo must have " + show(s.pixels() * 4) + " elements, got " +
                        std::to_string(photo.ElementLength()));
  }
  fd::PasteRegion r{};
  r.x = integerArg(info, 4, "x", 0, s.width - 1);
  r.y = integerArg(info, 5, "y", 0, s.height - 1);
  r.width = integerArg(info, 6, "regionWidth", 1, s.width - r.x);
  r.height = integerArg(info, 7, "regionHeight", 1, s.height - r.y);
  r.warped = floatsArg(info, 3, "warped", 4.0 * r.width * r.height, false).data;
  if (!arg(info, 8).IsNull()) r.lut = floatsArg(info, 8, "lut", 768, false).data;
  if (!arg(info, 9).IsBoolean() || !arg(info, 10).IsBoolean()) {
    typeError(env, "gray and grain must be booleans");
  }
  r.gray = arg(info, 9).As<Napi::Boolean>();
  r.grain = arg(info, 10).As<Napi::Boolean>();
  const Napi::Value seed = arg(info, 11);
  if (!seed.IsNumber()) typeError(env, "seed must be a number");
  const double sd = seed.As<Napi::Number>().DoubleValue();
  if (!(sd >= 0 && sd <= 4294967295.0) || std::floor(sd) != sd) {
    rangeError(env, "seed must be an integer in 0..4294967295, got " + show(sd));
  }
  r.seed = static_cast<std::uint32_t>(sd);
  fd::pasteRegion(static_cast<std::uint8_t*>(photo.ArrayBuffer().Data()) + photo.ByteOffset(),
                  s.width, r);
  return env.Undefined();
}

// gaussianBlurSync(values, width, height, sigma) -> undefined
// Blurs `values` (a Float32Array of width * height finite values) in place.
Napi::Value GaussianBlur(const Napi::CallbackInfo& info) {
  const Size s{integerArg(info, 1, "width", 1, kMaxPhotoSide),
               integerArg(info, 2, "height", 1, kMaxPhotoSide)};
  const float* values = floatsArg(info, 0, "values", s.pixels(), false).data;
  const double sigma = parameterArg(info, 3, "sigma", kMaxBlurSigma);
  // A view of the caller's array (never a copy for a synchronous call): written in place.
  fd::gaussianBlur(const_cast<float*>(values), s.width, s.height, sigma);
  return info.Env().Undefined();
}

Napi::Value FastSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), fd::fastSize(integerArg(info, 0, "n", 1, 1 << 24)));
}

// Promise forms report invalid arguments as rejections, like any other failure.
template <Napi::Value (*Fn)(const Napi::CallbackInfo&, bool)>
Napi::Value Async(const Napi::CallbackInfo& info) {
  try {
    return Fn(info, true);
  } catch (const Napi::Error& e) {
    Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(info.Env());
    deferred.Reject(e.Value());
    return deferred.Promise();
  }
}

template <Napi::Value (*Fn)(const Napi::CallbackInfo&, bool)>
Napi::Value Sync(const Napi::CallbackInfo& info) {
  return Fn(info, false);
}

Napi::Value Wiener(const Napi::CallbackInfo& info, bool async) { return Filter(info, async, true); }
Napi::Value Blur(const Napi::CallbackInfo& info, bool async) { return Filter(info, async, false); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto bind = [&](const char* name, Napi::Function::Callback fn) {
    exports.Set(name, Napi::Function::New(env, fn, name));
  };
  bind("estimateKernel", Async<EstimateKernel>);
  bind("estimateKernelSync", Sync<EstimateKernel>);
  bind("kernelConfidence", Async<KernelConfidence>);
  bind("kernelConfidenceSync", Sync<KernelConfidence>);
  bind("wiener", Async<Wiener>);
  bind("wienerSync", Sync<Wiener>);
  bind("blur", Async<Blur>);
  bind("blurSync", Sync<Blur>);
  bind("shrinkArea", Async<ShrinkArea>);
  bind("shrinkAreaSync", Sync<ShrinkArea>);
  bind("warpAffineSync", WarpAffine);
  bind("pasteRegionSync", PasteRegion);
  bind("gaussianBlurSync", GaussianBlur);
  bind("fft2", Fft2);
  bind("ifft2", Ifft2);
  bind("fastSize", FastSize);
  return exports;
}

}  // namespace

NODE_API_MODULE(face_deblur_native, Init)
