{
  "targets": [
    {
      "target_name": "face_deblur_native",
      "sources": [
        "src/addon.cpp",
        "src/deconv.cpp",
        "src/fft.cpp",
        "src/fft2d.cpp",
        "src/gaussian.cpp",
        "src/paste.cpp",
        "src/resample.cpp",
        "src/warp.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": [
        "NAPI_VERSION=8",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL"
      ],
      "cflags!": ["-O2", "-O0"],
      "cflags_cc!": ["-O2", "-O0", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fcx-limited-range"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno", "-fcx-limited-range"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "AdditionalOptions": ["/std:c++17", "/O2"] }
      }
    }
  ]
}
