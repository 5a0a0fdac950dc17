#include <cstdio>
int main() { std::puts("megatron"); return 0; }
