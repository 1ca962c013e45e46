#include "etcdclientoptions.h"

namespace tartan {

Result<QList<QUrl>> EtcdClientOptions::parseEndpoints(const QString &text)
{
    QList<QUrl> endpoints;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &rawPart : parts) {
        const QString part = rawPart.trimmed();
        const QString withScheme = part.contains(QStringLiteral("://")) ? part : QStringLiteral("http://") + part;
        const QUrl url(withScheme, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return Error(QStringLiteral("etcd endpoint '%1': expected http://host:port or https://host:port").arg(part));
        endpoints.append(url);
    }
    if (endpoints.isEmpty())
        return Error(QStringLiteral("etcd endpoints '%1': none given").arg(text));
    return endpoints;
}

} // namespace tartan
