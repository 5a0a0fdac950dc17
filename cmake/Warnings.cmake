# Project-wide warnings; third-party headers are included as SYSTEM so they stay quiet.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wno-missing-field-initializers)
