#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace tartan {

/// Runs one callback-style asynchronous call (EtcdClient's shape: `start(context, callback)`) to
/// completion by spinning the event loop, for command-line tools and tests that work step by step.
/// An error if no answer came within `timeout`. Never use it from a slot of a running GUI.
template <typename T, typename Start>
Result<T> blockingCall(Start start, std::chrono::milliseconds timeout = std::chrono::milliseconds(60000))
{
    std::optional<Result<T>> outcome;
    QObject context;
    start(&context, [&outcome](Result<T> result) { outcome.emplace(std::move(result)); });
    QDeadlineTimer deadline(timeout);
    while (!outcome && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    if (!outcome)
        return Error(QStringLiteral("no answer within %1 ms").arg(timeout.count()));
    return std::move(*outcome);
}

} // namespace tartan
