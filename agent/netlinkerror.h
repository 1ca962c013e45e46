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
/// Accessing value() of a failed result is a programming error (asserted).
template <typename T>
class [[nodiscard]] NlResult
{
public:
    NlResult(T value) : mData(std::in_place_index<0>, std::move(value)) {}
    NlResult(NetlinkError error) : mData(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return mData.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const &
    {
        Q_ASSERT(ok());
        return std::get<0>(mData);
    }
    T &value() &
    {
        Q_ASSERT(ok());
        return std::get<0>(mData);
    }
    T &&value() &&
    {
        Q_ASSERT(ok());
        return std::get<0>(std::move(mData));
    }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const NetlinkError &error() const
    {
        Q_ASSERT(!ok());
        return std::get<1>(mData);
    }

    Result<T> toResult() &&
    {
        if (ok())
            return std::move(*this).value();
        return error().toError();
    }

private:
    std::variant<T, NetlinkError> mData;
};

template <>
class [[nodiscard]] NlResult<void>
{
public:
    NlResult() = default;
    NlResult(NetlinkError error) : mError(std::move(error)), mFailed(true) {}

    bool ok() const { return !mFailed; }
    explicit operator bool() const { return ok(); }
    const NetlinkError &error() const
    {
        Q_ASSERT(mFailed);
        return mError;
    }
    Status toResult() const
    {
        if (mFailed)
            return mError.toError();
        return {};
    }

private:
    NetlinkError mError;
    bool mFailed = false;
};

using NlStatus = NlResult<void>;

} // namespace tartan::netlink
