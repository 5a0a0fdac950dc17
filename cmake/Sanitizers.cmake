if(MEGATRON_SANITIZE)
  # One build option covers both: ASan finds memory errors, UBSan undefined behaviour.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(MEGATRON_FUZZ)
  # Coverage feedback for libFuzzer in every library the targets reach (clang only); the
  # targets themselves link -fsanitize=fuzzer (fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
