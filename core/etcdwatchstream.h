#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tartan {

/// Splits the body of a streaming gateway response (etcd's /v3/watch) into its top-level JSON
/// objects. The network hands the body over in arbitrary chunks: an object may be split at any byte,
/// several may arrive in one chunk, and whitespace (etcd writes a newline) may sit between them.
///
/// Only the framing is checked here (braces and brackets matched outside strings, string escapes);
/// each returned object is then parsed as JSON by the caller. Scanning is incremental: every byte is
/// looked at once, however the body is chunked.
///
/// Not thread-safe; one instance per stream. After an error the splitter stays failed until reset().
class EtcdWatchStream
{
public:
    /// An object larger than `maxObjectBytes` is an error rather than unbounded buffering.
    explicit EtcdWatchStream(qsizetype maxObjectBytes = 64 * 1024 * 1024);

    /// Appends `chunk` and returns the objects it completed, in order (possibly none). The error
    /// names the offending byte and its offset in the stream.
    Result<QList<QByteArray>> feed(QByteArrayView chunk);

    /// Forgets buffered bytes and any error: for a new connection.
    void reset();

    /// Bytes of an object begun but not yet complete.
    qsizetype pendingBytes() const { return mBuffer.size(); }

private:
    qsizetype mMaxObjectBytes;
    QByteArray mBuffer;      // the object being assembled, from its '{'
    qint64 mStreamOffset = 0; // bytes consumed before mBuffer, for error messages
    static constexpr qsizetype kMaxDepth = 512; // far beyond etcd's few levels; bounds the stack
    QByteArray mClosers;      // the closing bracket each open level expects, innermost last
    bool mInString = false;
    bool mEscaped = false;
    bool mFailed = false;
    Error mError;
};

} // namespace tartan
