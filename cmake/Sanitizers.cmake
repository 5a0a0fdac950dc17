if(MEGATRON_SANITIZE)
  # One build option covers both: ASan finds memory errors, UBSan undefined behaviour.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
