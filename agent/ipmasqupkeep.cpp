#include "ipmasqupkeep.h"

#include <QFile>

#include <utility>

namespace tartan {

IpMasqUpkeep::IpMasqUpkeep(Settings settings, QObject *parent)
    : QObject(parent), mSettings(settings), mIptables(mSettings.network.family())
{
    mTimer.setInterval(mSettings.resync);
    connect(&mTimer, &QTimer::timeout, this, &IpMasqUpkeep::resync);
}

Result<MasqRules> IpMasqUpkeep::rules()
{
    if (const QString why = mIptables.unavailableReason(); !why.isEmpty())
        return Error(why);
    if (mSettings.randomFully && !mRandomFully)
        mRandomFully = mIptables.supportsRandomFully();
    return MasqRules::create({mSettings.network, mSettings.subnet, mSettings.ipMasq, mSettings.forwardRules,
                              mSettings.randomFully && mRandomFully.value_or(false)});
}

Result<IpMasqUpkeep::Snapshot> IpMasqUpkeep::snapshot(const QStringList &extraTables)
{
    auto current = rules();
    if (!current)
        return current.error();
    QStringList tables = current->tables();
    for (const QString &table : extraTables)
        if (!tables.contains(table))
            tables << table;
    auto text = mIptables.save(tables);
    if (!text)
        return text.error();
    return Snapshot{std::move(current).value(), MasqRules::Saved::parse(*text)};
}

Status IpMasqUpkeep::apply(const QString &payload, const QString &what)
{
    if (payload.isEmpty())
        return {};
    if (auto applied = mIptables.restore(payload); !applied)
        return applied.error().context(QStringLiteral("%1 %2 rules for %3").arg(what, mIptables.toolName(), mSettings.network.toString()));
    return {};
}

Status IpMasqUpkeep::removePrevious(const QString &subnetEnvPath)
{
    QFile file(subnetEnvPath);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("previous %1 rules from %2: %3").arg(mIptables.toolName(), subnetEnvPath, file.errorString()));
    const QList<MasqRules> previous = MasqRules::previousFromSubnetEnv(QString::fromUtf8(file.readAll()), mSettings.network.family());
    if (previous.isEmpty())
        return {};
    auto now = snapshot(previous.first().tables());
    if (!now)
        return now.error();
    const MasqRules::Options &old = previous.first().options();
    return apply(now->rules.staleDeletePayload(now->saved, previous),
                 QStringLiteral("deleting the previous network's (%1, subnet %2, from %3)")
                     .arg(old.network.toString(), old.subnet.toString(), subnetEnvPath));
}

Status IpMasqUpkeep::start()
{
    if (mSettings.resync <= std::chrono::milliseconds::zero())
        return Error(QStringLiteral("--iptables-resync: must be positive"));
    // The resync runs from now on, also when this first build fails (the xtables lock held by
    // another program, a module still loading): it builds whatever is missing.
    mTimer.start();
    auto now = snapshot();
    if (!now)
        return now.error();
    return apply(now->rules.ensurePayload(now->saved), QStringLiteral("setting up"));
}

Result<QStringList> IpMasqUpkeep::missing()
{
    auto now = snapshot();
    if (!now)
        return now.error();
    return now->rules.missing(now->saved);
}

Result<QStringList> IpMasqUpkeep::ensure()
{
    auto now = snapshot();
    if (!now)
        return now.error();
    const QStringList absent = now->rules.missing(now->saved);
    if (absent.isEmpty())
        return absent;
    if (auto built = apply(now->rules.ensurePayload(now->saved), QStringLiteral("rebuilding")); !built)
        return built.error();
    return absent;
}

Status IpMasqUpkeep::remove()
{
    mTimer.stop();
    auto now = snapshot();
    if (!now)
        return now.error();
    return apply(now->rules.removePayload(now->saved), QStringLiteral("removing"));
}

void IpMasqUpkeep::resync()
{
    auto result = ensure();
    if (!result)
        emit resyncFailed(result.error().message());
    else if (!result->isEmpty())
        emit rebuilt(*result);
}

} // namespace tartan
