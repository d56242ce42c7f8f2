// Names the calling thread, as `top -H`, `ps -L`, perf and gdb show it, so that an operator can
// tell the HTTP loops from the store's writer at a glance. Linux keeps at most 15 bytes; a longer
// name is cut. Best effort: a failure changes nothing else.
#pragma once

#include <string_view>

namespace vigil {

void NameThisThread(std::string_view name);

}  // namespace vigil
