#include "FreedMemory.h"

#include <QThreadPool>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sd::registry {

void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void releaseFreedMemoryInBackground()
{
    QThreadPool::globalInstance()->start([] { releaseFreedMemory(); });
}

} // namespace sd::registry
