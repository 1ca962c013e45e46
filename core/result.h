#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace tartan {

/// A failure carried as a value across module boundaries. The message names the operation, the
/// object and the cause, e.g. "Network: '10.0.0.0/33' is not an IPv4 or IPv6 network". Callers add
/// context on the way out with context(); the boundary (main, a slot, a CLI command) logs it once.
class Error
{
public:
    Error() = default;
    explicit Error(QString message) : mMessage(std::move(message)) {}

    const QString &message() const { return mMessage; }

    /// "where: message": how a caller says which object or operation the failure belongs to.
    Error context(const QString &where) const { return Error(where + QStringLiteral(": ") + mMessage); }

private:
    QString mMessage;
};

/// Either a value or an error. No exceptions cross core's boundary: parsers, codecs and store calls
/// return one of these. `E` is Error everywhere except in a layer that must keep more than a
/// message for its callers to branch on (the netlink layer keeps the kernel's codes); such a layer
/// converts to a plain Result at its boundary. Accessing value() of a failed result is a
/// programming error (asserted).
template <typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    Result(T value) : mData(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : mData(std::in_place_index<1>, std::move(error)) {}

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

    const E &error() const
    {
        Q_ASSERT(!ok());
        return std::get<1>(mData);
    }

private:
    std::variant<T, E> mData;
};

/// Success or an error, for operations that produce nothing.
template <typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error) : mError(std::move(error)), mFailed(true) {}

    bool ok() const { return !mFailed; }
    explicit operator bool() const { return ok(); }
    const E &error() const
    {
        Q_ASSERT(mFailed);
        return mError;
    }

private:
    E mError;
    bool mFailed = false;
};

using Status = Result<void>;

} // namespace tartan
