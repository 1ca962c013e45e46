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
/// An error if no answer came within `timeout`. Objects whose deleteLater() is pending are deleted
/// while it waits, as in QTest::qWait. Never use it from a slot of a running GUI.
template <typename T, typename Start>
Result<T> blockingCall(Start start, std::chrono::milliseconds timeout = std::chrono::milliseconds(60000))
{
    std::optional<Result<T>> outcome;
    QObject context;
    start(&context, [&outcome](Result<T> result) { outcome.emplace(std::move(result)); });
    QDeadlineTimer deadline(timeout);
    while (!outcome && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
        // Without a running event loop, objects the caller itself deleteLater()'d would wait forever.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    if (!outcome)
        return Error(QStringLiteral("no answer within %1 ms").arg(timeout.count()));
    return std::move(*outcome);
}

} // namespace tartan
