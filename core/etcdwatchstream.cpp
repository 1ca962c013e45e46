#include "etcdwatchstream.h"

namespace tartan {

EtcdWatchStream::EtcdWatchStream(qsizetype maxObjectBytes) : mMaxObjectBytes(maxObjectBytes) {}

void EtcdWatchStream::reset()
{
    mBuffer.clear();
    mStreamOffset = 0;
    mClosers.clear();
    mInString = false;
    mEscaped = false;
    mFailed = false;
    mError = Error();
}

Result<QList<QByteArray>> EtcdWatchStream::feed(QByteArrayView chunk)
{
    if (mFailed)
        return mError;
    QList<QByteArray> objects;
    auto fail = [this](const QString &message) {
        mFailed = true;
        mError = Error(QStringLiteral("watch stream: %1").arg(message));
        return mError;
    };
    qsizetype begin = 0; // start of the part of `chunk` that belongs to the current object
    for (qsizetype i = 0; i < chunk.size(); ++i) {
        const char c = chunk[i];
        if (mClosers.isEmpty()) {
            // Between objects: only whitespace may appear, and '{' opens the next one.
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                ++mStreamOffset;
                continue;
            }
            if (c != '{')
                return fail(QStringLiteral("unexpected byte 0x%1 at offset %2 between objects")
                                .arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'))
                                .arg(mStreamOffset));
            mClosers.append('}');
            begin = i;
            continue;
        }
        if (mInString) {
            if (mEscaped)
                mEscaped = false;
            else if (c == '\\')
                mEscaped = true;
            else if (c == '"')
                mInString = false;
            continue;
        }
        switch (c) {
        case '"':
            mInString = true;
            break;
        case '{':
        case '[':
            if (mClosers.size() >= kMaxDepth)
                return fail(QStringLiteral("object at offset %1 nests deeper than %2 levels").arg(mStreamOffset).arg(kMaxDepth));
            mClosers.append(c == '{' ? '}' : ']');
            break;
        case '}':
        case ']':
            if (c != mClosers.back())
                return fail(QStringLiteral("'%1' at offset %2 closes a '%3'")
                                .arg(QLatin1Char(c))
                                .arg(mStreamOffset + mBuffer.size() + (i - begin))
                                .arg(QLatin1Char(mClosers.back() == '}' ? '{' : '[')));
            mClosers.chop(1);
            if (mClosers.isEmpty()) {
                mBuffer.append(chunk.sliced(begin, i + 1 - begin));
                mStreamOffset += mBuffer.size();
                objects.append(std::move(mBuffer));
                mBuffer = QByteArray();
            }
            break;
        default:
            break;
        }
    }
    if (!mClosers.isEmpty()) {
        // Checked once per chunk: memory stays bounded by the limit plus one network read.
        if (mBuffer.size() + (chunk.size() - begin) > mMaxObjectBytes)
            return fail(QStringLiteral("object at offset %1 exceeds %2 bytes").arg(mStreamOffset).arg(mMaxObjectBytes));
        mBuffer.append(chunk.sliced(begin));
    }
    return objects;
}

} // namespace tartan
