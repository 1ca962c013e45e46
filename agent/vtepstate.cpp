#include "vtepstate.h"

#include "subnetenv.h"

#include <QFile>

namespace tartan {

QString VtepState::pathFor(const QString &device) const
{
    return mStateDir + QStringLiteral("/") + device + QStringLiteral(".mac");
}

Result<MacAddress> VtepState::macFor(const QString &device, QRandomGenerator &random) const
{
    QFile file(pathFor(device));
    if (file.open(QIODevice::ReadOnly)) {
        const auto kept = MacAddress::parse(QString::fromLatin1(file.readAll()).trimmed());
        if (kept && kept->isUnicast() && !kept->isZero())
            return *kept;
        // A damaged file is replaced rather than trusted: the new MAC reaches peers through the lease.
    }
    const MacAddress fresh = MacAddress::randomLocal(random);
    if (auto written = remember(device, fresh); !written)
        return written.error();
    return fresh;
}

Status VtepState::remember(const QString &device, const MacAddress &mac) const
{
    auto written = writeFileAtomically(pathFor(device), mac.toString().toLatin1() + '\n');
    if (!written)
        return written.error().context(QStringLiteral("keeping the MAC of %1").arg(device));
    return {};
}

} // namespace tartan
