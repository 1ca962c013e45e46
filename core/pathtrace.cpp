#include "pathtrace.h"

namespace tartan {

int headerBytes(const QList<HeaderLayer> &layers)
{
    int total = 0;
    for (const HeaderLayer &layer : layers)
        total += layer.bytes;
    return total;
}

int PathHop::size() const
{
    return headerBytes(headers);
}

QString pathStageName(PathHop::Stage stage)
{
    using Stage = PathHop::Stage;
    switch (stage) {
    case Stage::Source:
        return QStringLiteral("source");
    case Stage::Bridge:
        return QStringLiteral("bridge");
    case Stage::RouteLookup:
        return QStringLiteral("route lookup");
    case Stage::Neighbour:
        return QStringLiteral("neighbour");
    case Stage::Fdb:
        return QStringLiteral("fdb");
    case Stage::Userspace:
        return QStringLiteral("userspace");
    case Stage::Encapsulation:
        return QStringLiteral("encapsulation");
    case Stage::Underlay:
        return QStringLiteral("underlay");
    case Stage::Decapsulation:
        return QStringLiteral("decapsulation");
    case Stage::Delivery:
        break;
    }
    return QStringLiteral("delivery");
}

QStringList PathTrace::toStrings() const
{
    QStringList lines;
    lines << QStringLiteral("trace %1 -> %2 (backend %3)").arg(source, destination, backend.isEmpty() ? QStringLiteral("?") : backend);
    int number = 0;
    for (const PathHop &hop : hops) {
        QStringList headers;
        for (const HeaderLayer &header : hop.headers)
            headers << QStringLiteral("%1 %2").arg(header.name).arg(header.bytes);
        lines << QStringLiteral("%1. [%2] %3%4: %5").arg(++number).arg(pathStageName(hop.stage), hop.nodeText,
                                                          hop.device.isEmpty() ? QString() : QStringLiteral(" dev ") + hop.device,
                                                          hop.summary + (hop.inferred ? QStringLiteral(" (inferred)") : QString()));
        if (!hop.entry.isEmpty())
            lines << QStringLiteral("     entry: ") + hop.entry;
        if (!headers.isEmpty())
            lines << QStringLiteral("     packet: %1 = %2 bytes%3").arg(headers.join(QStringLiteral(" + "))).arg(hop.size())
                         .arg(hop.mtu > 0 ? QStringLiteral(", mtu %1").arg(hop.mtu) : QString());
    }
    if (!stop) {
        lines << QStringLiteral("arrived");
        return lines;
    }
    lines << QStringLiteral("STOPPED at %1%2: %3").arg(pathStageName(stop->stage),
                                                      stop->nodeText.isEmpty() ? QString() : QStringLiteral(" on ") + stop->nodeText,
                                                      stop->reason);
    if (!stop->expected.isEmpty())
        lines << QStringLiteral("     expected: ") + stop->expected;
    if (!stop->found.isEmpty())
        lines << QStringLiteral("     found:    ") + stop->found;
    if (!stop->leaseText.isEmpty())
        lines << QStringLiteral("     from:     ") + stop->leaseText;
    return lines;
}

json::Json PathTrace::toJson() const
{
    const auto text = [](const QString &value) { return value.isEmpty() ? json::Json() : json::Json(value.toStdString()); };
    json::Json hopList = json::Json::array();
    for (const PathHop &hop : hops) {
        json::Json headers = json::Json::array();
        for (const HeaderLayer &header : hop.headers)
            headers.push_back(json::Json{{"name", header.name.toStdString()}, {"bytes", header.bytes}, {"detail", text(header.detail)}});
        hopList.push_back(json::Json{{"stage", pathStageName(hop.stage).toStdString()},
                                     {"node", hop.node.isNull() ? json::Json() : json::Json(hop.node.toString().toStdString())},
                                     {"nodeText", text(hop.nodeText)},
                                     {"device", text(hop.device)},
                                     {"summary", hop.summary.toStdString()},
                                     {"entry", text(hop.entry)},
                                     {"inferred", hop.inferred},
                                     {"headers", headers},
                                     {"size", hop.size()},
                                     {"mtu", hop.mtu}});
    }
    json::Json out{{"source", source.toStdString()},
                   {"destination", destination.toStdString()},
                   {"backend", text(backend)},
                   {"arrived", arrived()},
                   {"hops", hopList}};
    if (stop) {
        out["stop"] = json::Json{{"stage", pathStageName(stop->stage).toStdString()},
                                 {"node", stop->node.isNull() ? json::Json() : json::Json(stop->node.toString().toStdString())},
                                 {"nodeText", text(stop->nodeText)},
                                 {"reason", stop->reason.toStdString()},
                                 {"expected", text(stop->expected)},
                                 {"found", text(stop->found)},
                                 {"lease", stop->lease.isNull() ? json::Json() : json::Json(stop->lease.toString().toStdString())},
                                 {"leaseText", text(stop->leaseText)}};
    } else {
        out["stop"] = json::Json();
    }
    return out;
}

} // namespace tartan
