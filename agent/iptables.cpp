#include "iptables.h"

#include "masqrules.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace tartan {

Iptables::Iptables(IpAddress::Family family, int lockWaitSeconds, int timeoutMs)
    : mFamily(family), mLockWaitSeconds(lockWaitSeconds), mTimeoutMs(timeoutMs)
{
}

QString Iptables::toolName() const
{
    return mFamily == IpAddress::Family::V6 ? QStringLiteral("ip6tables") : QStringLiteral("iptables");
}

QString Iptables::program(const QString &suffix) const
{
    return toolName() + suffix;
}

QString Iptables::unavailableReason() const
{
    for (const QString &suffix : {QStringLiteral("-save"), QStringLiteral("-restore")})
        if (QStandardPaths::findExecutable(program(suffix)).isEmpty())
            return QStringLiteral("%1 is not installed (Debian package iptables)").arg(program(suffix));
    return {};
}

Result<QString> Iptables::save(const QStringList &tables) const
{
    QString out;
    for (const QString &table : tables) {
        auto saved = run(program(QStringLiteral("-save")), {QStringLiteral("-t"), table}, {});
        if (!saved)
            return saved.error();
        out += *saved;
    }
    return out;
}

Status Iptables::restore(const QString &payload) const
{
    const QStringList arguments{QStringLiteral("--noflush"), QStringLiteral("--wait=%1").arg(mLockWaitSeconds)};
    auto restored = run(program(QStringLiteral("-restore")), arguments, payload.toUtf8());
    if (restored)
        return {};
    // "Error occurred at line: 3" / "line 3 failed": say which rule that was.
    static const QRegularExpression lineNumber(QStringLiteral("line:? (\\d+)"));
    const auto match = lineNumber.match(restored.error().message());
    const QStringList lines = payload.split(u'\n');
    const qsizetype index = match.hasMatch() ? match.captured(1).toLongLong() - 1 : -1;
    if (index >= 0 && index < lines.size())
        return Error(restored.error().message() + QStringLiteral(" (payload line %1: %2)").arg(index + 1).arg(lines[index]));
    return restored.error();
}

bool Iptables::supportsRandomFully() const
{
    return restore(MasqRules::randomFullyProbePayload()).ok();
}

Result<QString> Iptables::run(const QString &program, const QStringList &arguments, const QByteArray &input) const
{
    const QString command = QStringLiteral("`%1`").arg((QStringList{program} + arguments).join(u' '));
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(mTimeoutMs))
        return Error(QStringLiteral("%1: %2").arg(command, process.errorString()));
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(mTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return Error(QStringLiteral("%1: did not finish within %2 ms").arg(command).arg(mTimeoutMs));
    }
    const QString stderrText = QString::fromUtf8(process.readAllStandardError()).trimmed().replace(u'\n', u' ');
    if (process.exitStatus() != QProcess::NormalExit)
        return Error(QStringLiteral("%1: crashed: %2").arg(command, stderrText));
    if (process.exitCode() != 0)
        return Error(QStringLiteral("%1: exit code %2: %3").arg(command).arg(process.exitCode()).arg(stderrText));
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace tartan
