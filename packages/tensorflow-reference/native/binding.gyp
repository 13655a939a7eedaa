# Builds @tensorflow/tfjs-node's native addon (tfjs_binding.node) from the sources that ship in its
# npm package, linked against the libtensorflow of the pinned tensorflow-cpu wheel instead of the
# libtensorflow tarball that tfjs-node's own install script would download.
# Driven by scripts/build-addon.mjs, which passes the two folders as gyp variables:
#   -Dtensorflow_dir=<site-packages/tensorflow> (tfjs-node is found through this package's node_modules)
{
  'variables': {
    'tfjs_node_dir%': '../node_modules/@tensorflow/tfjs-node',
    'tensorflow_dir%': '',
  },
  'targets': [
    {
      'target_name': 'tfjs_binding',
      'sources': [
        '<(tfjs_node_dir)/binding/tfjs_backend.cc',
        '<(tfjs_node_dir)/binding/tfjs_binding.cc',
      ],
      'include_dirs': ['<(tfjs_node_dir)/binding', '<(tensorflow_dir)/include'],
      'defines': ['NAPI_VERSION=8'],
      'cflags_cc': ['-std=c++17', '-Wno-deprecated-declarations'],
      'libraries': [
        # Absolute run path to the wheel: no LD_LIBRARY_PATH and no copies of the 800 MB library.
        '-Wl,-rpath,<(tensorflow_dir)',
        '<(tensorflow_dir)/libtensorflow_cc.so.2',
        '<(tensorflow_dir)/libtensorflow_framework.so.2',
      ],
    },
  ],
}
