#pragma once

#include <QString>

#include <cstring>

namespace tartan {

/// strerror() for messages, safe when several threads format errors at once (the GNU strerror_r
/// returns a pointer to a static string, or to `buffer` for an unknown errno).
inline QString errnoText(int errnum)
{
    char buffer[128];
    return QString::fromLocal8Bit(strerror_r(errnum, buffer, sizeof buffer));
}

} // namespace tartan
