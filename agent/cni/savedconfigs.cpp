#include "savedconfigs.h"

#include "subnetenv.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace tartan {

QString SavedConfigs::pathFor(const QString &containerId) const
{
    return mDataDir + u'/' + containerId;
}

Status SavedConfigs::save(const QString &containerId, const QByteArray &config) const
{
    return writeFileAtomically(pathFor(containerId), config, 0600, 0700);
}

Result<std::optional<QByteArray>> SavedConfigs::load(const QString &containerId) const
{
    QFile file(pathFor(containerId));
    if (!file.open(QIODevice::ReadOnly)) {
        if (file.error() == QFileDevice::OpenError && !file.exists())
            return std::optional<QByteArray>();
        return Error(QStringLiteral("reading %1: %2").arg(file.fileName(), file.errorString()));
    }
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error(QStringLiteral("reading %1: %2").arg(file.fileName(), file.errorString()));
    return std::optional<QByteArray>(std::move(bytes));
}

Status SavedConfigs::remove(const QString &containerId) const
{
    const QByteArray path = QFile::encodeName(pathFor(containerId));
    if (::unlink(path.constData()) != 0 && errno != ENOENT)
        return Error(QStringLiteral("removing %1: %2")
                         .arg(pathFor(containerId), QString::fromLocal8Bit(std::strerror(errno))));
    return {};
}

} // namespace tartan
