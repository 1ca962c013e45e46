#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace tartan {

/// A CNI error result: what a plugin prints on stdout, with a non-zero exit, when a command fails.
/// The codes are the CNI specification's well-known ones; 999 is libcni's "internal" code, which
/// upstream flannel's plugin reports for most failures.
class CniError
{
public:
    enum Code : unsigned {
        IncompatibleVersion = 1,
        UnsupportedField = 2,
        UnknownContainer = 3,
        InvalidEnvironment = 4,
        IoFailure = 5,
        DecodingFailure = 6,
        InvalidNetworkConfig = 7,
        TryAgainLater = 11,
        Internal = 999,
    };

    CniError(unsigned code, QString message, QString details = {})
        : mCode(code), mMessage(std::move(message)), mDetails(std::move(details))
    {}
    CniError(unsigned code, const Error &error) : CniError(code, error.message()) {}

    unsigned code() const { return mCode; }
    const QString &message() const { return mMessage; }
    const QString &details() const { return mDetails; }

    /// {"cniVersion":"1.0.0","code":7,"msg":"...","details":"..."} on one line, with a trailing
    /// newline; `cniVersion` is the version the runtime asked for (the netconf's), so that it can
    /// decode the answer.
    QByteArray toJson(const QString &cniVersion) const;

private:
    unsigned mCode;
    QString mMessage;
    QString mDetails;
};

} // namespace tartan
