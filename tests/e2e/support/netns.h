#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <cstdio>

/// Isolation for e2e suites. isolateProcess() moves the whole test process, before any thread
/// exists, into a new network namespace and a new private mount namespace with its own tmpfs on
/// /run/netns. Everything the suite creates — links, routes, rules, and named namespaces made with
/// `ip netns add` — lives only there and is gone when the process exits, even on a crash or
/// SIGKILL: nothing can leak into the machine's own namespace. Child processes (ip, iptables,
/// etcd, tartand) inherit the isolation.
namespace tartan::test {

/// Why e2e suites cannot run here (not root, no iproute2, one of `programs` not on PATH), or
/// empty when they can.
QString e2eUnavailableReason(const QStringList &programs = {});

/// See the namespace comment. Call first thing in main(). Also sets the loopback device up.
Status isolateProcess();

/// Runs a program to completion (bounded by `timeoutMs`); its stdout, or an error quoting the
/// command, the exit code and stderr.
Result<QString> run(const QStringList &command, int timeoutMs = 30000);

/// A named namespace ("ip netns add"), inside the isolated process; deleted with the object.
class NamedNetns
{
public:
    explicit NamedNetns(QString name);
    ~NamedNetns();
    NamedNetns(const NamedNetns &) = delete;
    NamedNetns &operator=(const NamedNetns &) = delete;

    const QString &name() const { return mName; }
    /// The namespace was created.
    bool ok() const { return mCreated; }
    /// Runs `command` inside the namespace (ip netns exec).
    Result<QString> exec(const QStringList &command, int timeoutMs = 30000) const;

private:
    QString mName;
    bool mCreated = false;
};

} // namespace tartan::test

/// main() for an e2e suite: skips (exit 77, which ctest reports as skipped) with the reason when it
/// cannot run, isolates the process, then runs the QtTest object. Extra arguments name programs the
/// suite needs: TARTAN_E2E_TEST_MAIN(TestIpMasq, "iptables-restore", "ip6tables-restore").
#define TARTAN_E2E_TEST_MAIN(TestObject, ...)                                                                          \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        if (const QString why = tartan::test::e2eUnavailableReason({__VA_ARGS__}); !why.isEmpty()) {                   \
            std::printf("SKIP: %s\n", qPrintable(why));                                                                \
            return 77;                                                                                                 \
        }                                                                                                              \
        if (const auto isolated = tartan::test::isolateProcess(); !isolated) {                                         \
            std::printf("SKIP: cannot isolate the test: %s\n", qPrintable(isolated.error().message()));               \
            return 77;                                                                                                 \
        }                                                                                                              \
        QCoreApplication app(argc, argv);                                                                              \
        TestObject test;                                                                                               \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
