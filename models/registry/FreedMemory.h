#pragma once

namespace sd::registry {

// glibc keeps what worker threads freed resident in their own arenas, where other threads' allocations
// cannot reuse it; a large load (a registry's pages parsed, its tree or snapshot built) frees hundreds
// of MB at once. These give such memory back to the system; elsewhere they do nothing.
void releaseFreedMemory();             // on the calling thread (a worker: it walks every arena)
void releaseFreedMemoryInBackground(); // on a pool thread, for the GUI thread after a load

} // namespace sd::registry
