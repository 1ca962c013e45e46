#include "netlinkerror.h"

#include <netlink/errno.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace tartan::netlink {

namespace {

QString errnoText(int errnum)
{
    // The GNU strerror_r returns a pointer (to a static string for every errno it knows); unlike
    // strerror() it is safe when another thread formats an error at the same time.
    char buffer[128];
    return QString::fromLocal8Bit(strerror_r(errnum, buffer, sizeof buffer));
}

} // namespace

NetlinkError NetlinkError::fromLibnl(int nlCode, QString operation, QString object)
{
    NetlinkError error;
    error.mCode = std::abs(nlCode);
    error.mOperation = std::move(operation);
    error.mObject = std::move(object);
    return error;
}

NetlinkError NetlinkError::fromErrno(int errnum, QString operation, QString object, QString kernelMessage)
{
    NetlinkError error;
    error.mErrno = std::abs(errnum);
    error.mCode = nl_syserr2nlerr(error.mErrno);
    error.mOperation = std::move(operation);
    error.mObject = std::move(object);
    error.mKernelMessage = std::move(kernelMessage);
    return error;
}

NetlinkError NetlinkError::relabelled(QString operation, QString object) const
{
    NetlinkError error = *this;
    error.mOperation = std::move(operation);
    error.mObject = std::move(object);
    return error;
}

QString NetlinkError::cause() const
{
    QString text = mErrno != 0 ? errnoText(mErrno) : QString::fromLocal8Bit(nl_geterror(mCode));
    if (!mKernelMessage.isEmpty())
        text += QStringLiteral(" (") + mKernelMessage + u')';
    return text;
}

QString NetlinkError::message() const
{
    QString where = mOperation;
    if (!mObject.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(" ")) + mObject;
    return where.isEmpty() ? cause() : where + QStringLiteral(": ") + cause();
}

bool NetlinkError::isNotFound() const
{
    if (mErrno != 0)
        return mErrno == ENOENT || mErrno == ESRCH || mErrno == ENODEV;
    return mCode == NLE_OBJ_NOTFOUND || mCode == NLE_NODEV;
}

bool NetlinkError::isExists() const
{
    return mErrno != 0 ? mErrno == EEXIST : mCode == NLE_EXIST;
}

bool NetlinkError::isNotSupported() const
{
    return mErrno != 0 ? mErrno == EOPNOTSUPP : mCode == NLE_OPNOTSUPP;
}

} // namespace tartan::netlink
