#include "clusterurl.h"

#include "storelayout.h"

#include <QStringList>

#include <algorithm>

namespace tartan {

namespace {

const QString kHttp = QStringLiteral("http");
const QString kHttps = QStringLiteral("https");

QString schemeOf(bool tls)
{
    return tls ? QStringLiteral("etcds") : QStringLiteral("etcd");
}

/// "HOST[:PORT]" or "[IPV6][:PORT]" -> http(s)://host:port; the error says what is wrong with `part`.
Result<QUrl> parseHostPort(const QString &part, bool tls)
{
    QString host;
    QString port;
    bool hasPort = false;
    if (part.startsWith(u'[')) {
        const qsizetype close = part.indexOf(u']');
        if (close < 0)
            return Error(QStringLiteral("endpoint '%1' has no closing ']'").arg(part));
        host = part.mid(1, close - 1);
        const QString after = part.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                return Error(QStringLiteral("endpoint '%1': expected ':PORT' after ']'").arg(part));
            hasPort = true;
            port = after.mid(1);
        }
    } else {
        if (part.count(u':') > 1)
            return Error(QStringLiteral("endpoint '%1': an IPv6 address goes in brackets, as in [fd00::1]:2379").arg(part));
        const qsizetype colon = part.indexOf(u':');
        host = colon < 0 ? part : part.left(colon);
        if (colon >= 0) {
            hasPort = true;
            port = part.mid(colon + 1);
        }
    }
    if (host.isEmpty())
        return Error(QStringLiteral("endpoint '%1' has no host").arg(part));
    int number = ClusterUrl::kDefaultPort;
    if (hasPort) {
        bool ok = false;
        number = port.toInt(&ok);
        // toInt() accepts a sign and surrounding spaces; a port is digits only.
        const bool digits = !port.isEmpty() && std::all_of(port.cbegin(), port.cend(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digits || number < 1 || number > 65535)
            return Error(QStringLiteral("port '%1' is not a number from 1 to 65535").arg(port));
    }
    QUrl url;
    url.setScheme(tls ? kHttps : kHttp);
    url.setHost(host, QUrl::StrictMode);
    url.setPort(number);
    if (!url.isValid() || url.host().isEmpty())
        return Error(QStringLiteral("'%1' is not a host name or address").arg(host));
    return url;
}

/// The key prefix without trailing slashes; empty (or "/") means flannel's default.
Result<QString> normalizePrefix(const QString &path)
{
    QString prefix = path;
    while (prefix.size() > 1 && prefix.endsWith(u'/'))
        prefix.chop(1);
    if (prefix.isEmpty() || prefix == QLatin1String("/"))
        return QString::fromLatin1(StoreLayout::kDefaultPrefix);
    if (!prefix.startsWith(u'/'))
        return Error(QStringLiteral("prefix '%1' must start with '/'").arg(path));
    if (prefix.contains(QLatin1String("//")))
        return Error(QStringLiteral("prefix '%1' has an empty path segment ('//')").arg(path));
    for (const QChar c : std::as_const(prefix)) {
        // What a URL cannot carry literally, or what would be a typo in a key prefix.
        if (c.isSpace() || c.category() == QChar::Other_Control || c == u'?' || c == u'#' || c == u',')
            return Error(QStringLiteral("prefix '%1' contains '%2'").arg(path, c.isSpace() ? QStringLiteral(" ") : QString(c)));
    }
    return prefix;
}

} // namespace

Result<ClusterUrl> ClusterUrl::parse(const QString &input)
{
    const QString text = input.trimmed();
    auto fail = [&text](const QString &why) { return Error(QStringLiteral("cluster address '%1': %2").arg(text, why)); };

    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return fail(QStringLiteral("expected etcd://HOST:PORT[,HOST:PORT...][/prefix], or etcds://... for TLS"));
    const QString scheme = text.left(schemeEnd).toLower();
    ClusterUrl url;
    if (scheme == QLatin1String("etcds"))
        url.mTls = true;
    else if (scheme != QLatin1String("etcd"))
        return fail(QStringLiteral("scheme '%1' is not etcd:// (or etcds:// for TLS)").arg(text.left(schemeEnd)));

    const QString rest = text.mid(schemeEnd + 3);
    const qsizetype slash = rest.indexOf(u'/');
    const QString hosts = slash < 0 ? rest : rest.left(slash);
    if (hosts.trimmed().isEmpty())
        return fail(QStringLiteral("no HOST:PORT"));
    for (const QString &rawPart : hosts.split(u',')) {
        const QString part = rawPart.trimmed();
        if (part.isEmpty())
            return fail(QStringLiteral("an empty endpoint between commas"));
        auto endpoint = parseHostPort(part, url.mTls);
        if (!endpoint)
            return fail(endpoint.error().message());
        if (url.mEndpoints.contains(*endpoint))
            return fail(QStringLiteral("endpoint '%1' is listed twice").arg(part));
        url.mEndpoints.append(*endpoint);
    }
    auto prefix = normalizePrefix(slash < 0 ? QString() : rest.mid(slash));
    if (!prefix)
        return fail(prefix.error().message());
    url.mPrefix = *prefix;
    return url;
}

Result<ClusterUrl> ClusterUrl::fromEndpoints(const QList<QUrl> &endpoints, const QString &prefix)
{
    if (endpoints.isEmpty())
        return Error(QStringLiteral("cluster address: no endpoints"));
    ClusterUrl url;
    url.mTls = endpoints.first().scheme() == kHttps;
    for (const QUrl &endpoint : endpoints) {
        const QString shown = endpoint.toString();
        if (endpoint.scheme() != kHttp && endpoint.scheme() != kHttps)
            return Error(QStringLiteral("endpoint '%1': expected http://HOST:PORT or https://HOST:PORT").arg(shown));
        if ((endpoint.scheme() == kHttps) != url.mTls)
            return Error(QStringLiteral("endpoints '%1' and '%2': a cluster's endpoints are either all http:// or all https://")
                             .arg(endpoints.first().toString(), shown));
        if (endpoint.host().isEmpty() || !endpoint.userInfo().isEmpty() || endpoint.hasQuery() || endpoint.hasFragment()
            || (!endpoint.path().isEmpty() && endpoint.path() != QLatin1String("/")))
            return Error(QStringLiteral("endpoint '%1': expected only a scheme, a host and a port").arg(shown));
        QUrl plain;
        plain.setScheme(endpoint.scheme());
        plain.setHost(endpoint.host());
        // What Qt Network connects to when the port is left out.
        plain.setPort(endpoint.port(url.mTls ? 443 : 80));
        if (url.mEndpoints.contains(plain))
            return Error(QStringLiteral("endpoint '%1' is listed twice").arg(shown));
        url.mEndpoints.append(plain);
    }
    auto normalized = normalizePrefix(prefix.trimmed());
    if (!normalized)
        return normalized.error();
    url.mPrefix = *normalized;
    return url;
}

QString ClusterUrl::toString() const
{
    QStringList hosts;
    for (const QUrl &endpoint : mEndpoints)
        hosts << endpoint.authority();
    return schemeOf(mTls) + QStringLiteral("://") + hosts.join(u',') + mPrefix;
}

QString ClusterUrl::clusterId() const
{
    return schemeOf(mTls) + QStringLiteral("://") + mEndpoints.value(0).authority() + mPrefix;
}

} // namespace tartan
