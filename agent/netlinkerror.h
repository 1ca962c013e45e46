#pragma once

#include "result.h"

#include <QString>

#include <utility>
#include <variant>

namespace tartan::netlink {

/// A failed netlink operation, as a value: the operation ("add", "create vxlan link"), the object it
/// was applied to ("route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink", "flannel.1") and the
/// cause, with both numbers kept:
/// - code(): libnl's NLE_* code (positive). For an answer of the kernel it is libnl's mapping of the
///   errno, which is lossy (ENOENT and ESRCH both become NLE_OBJ_NOTFOUND), so
/// - systemError(): the errno itself, as the kernel's NLMSG_ERROR or a system call reported it; 0
///   when the failure came from libnl alone (a message that could not be built, say).
/// The text is strerror() of the errno when there is one ("File exists", as `ip` prints it), else
/// nl_geterror() of the code, followed by the kernel's extended-ack message when it sent one.
class NetlinkError
{
public:
    NetlinkError() = default;

    /// From a libnl return value (NLE_* code, either sign).
    static NetlinkError fromLibnl(int nlCode, QString operation, QString object);
    /// From an errno (either sign): the kernel's answer or a failed system call. `kernelMessage` is
    /// the extended ack's text (NLMSGERR_ATTR_MSG), if the kernel sent one.
    static NetlinkError fromErrno(int errnum, QString operation, QString object, QString kernelMessage = {});

    int code() const { return mCode; }
    int systemError() const { return mErrno; }
    const QString &operation() const { return mOperation; }
    const QString &object() const { return mObject; }
    const QString &kernelMessage() const { return mKernelMessage; }

    /// "File exists", "Object not found", "Invalid argument (Nexthop device is not up)".
    QString cause() const;
    /// "<operation> <object>: <cause>", e.g. "add route 10.244.3.0/24 via 10.244.3.0 dev flannel.1
    /// onlink: File exists".
    QString message() const;
    /// The same cause, said of another operation and object (a socket failure during "add route ...").
    NetlinkError relabelled(QString operation, QString object) const;
    /// The message as core's Error, for callers outside the netlink layer.
    Error toError() const { return Error(message()); }

    /// ENOENT, ESRCH, ENODEV or NLE_OBJ_NOTFOUND/NLE_NODEV: the object is not there.
    bool isNotFound() const;
    /// EEXIST or NLE_EXIST.
    bool isExists() const;
    /// EOPNOTSUPP or NLE_OPNOTSUPP: e.g. a link kind this kernel has no module for.
    bool isNotSupported() const;

private:
    int mCode = 0;
    int mErrno = 0;
    QString mOperation;
    QString mObject;
    QString mKernelMessage;
};

/// A value or a NetlinkError: the netlink layer's Result, keeping the codes the agent branches on
/// (not found, exists, not supported). toResult() turns it into core's Result at the boundary.
template <typename T>
using NlResult = Result<T, NetlinkError>;
using NlStatus = Result<void, NetlinkError>;

template <typename T>
Result<T> toResult(NlResult<T> &&result)
{
    if (result.ok())
        return std::move(result).value();
    return result.error().toError();
}

inline Status toResult(const NlStatus &result)
{
    if (!result.ok())
        return result.error().toError();
    return {};
}

} // namespace tartan::netlink
