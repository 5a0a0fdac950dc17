if(MEGATRON_SANITIZE)
  # One build option covers both: ASan finds memory errors, UBSan undefined behaviour.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Debian 12's clang 14 cannot emit UBSan's -fsanitize=function prologue for C++20
    # coroutines ("error: Cannot represent a difference across sections",
    # llvm/llvm-project#49689), which the Socket Mode client's Asio coroutines hit. GCC has no
    # such check, so the test build loses nothing it had; the clang fuzz build keeps every
    # other UBSan check.
    add_compile_options(-fno-sanitize=function)
  endif()
endif()
if(MEGATRON_FUZZ)
  # Coverage feedback for libFuzzer in every library the targets reach (clang only); the
  # targets themselves link -fsanitize=fuzzer (fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
