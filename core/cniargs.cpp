#include "cniargs.h"

namespace tartan {

namespace {

constexpr qsizetype kMaxIfNameLength = 15; // IFNAMSIZ less the terminating NUL

bool isAsciiAlnum(QChar c)
{
    return c.unicode() < 128 && c.isLetterOrNumber();
}

Status validateContainerId(const QString &id)
{
    if (!CniArgs::isValidIdentifier(id))
        return Error(QStringLiteral("CNI_CONTAINERID '%1': must be letters, digits, '_', '.' or '-', "
                                    "starting with a letter or digit")
                         .arg(id));
    return {};
}

Status validateIfName(const QString &name)
{
    if (name.size() > kMaxIfNameLength)
        return Error(
            QStringLiteral("CNI_IFNAME '%1': longer than %2 characters").arg(name).arg(kMaxIfNameLength));
    if (name == u"." || name == u"..")
        return Error(QStringLiteral("CNI_IFNAME '%1': not an interface name").arg(name));
    for (QChar c : name) {
        if (c == u'/' || c == u':' || c.isSpace())
            return Error(QStringLiteral("CNI_IFNAME '%1': contains '/', ':' or whitespace").arg(name));
    }
    return {};
}

} // namespace

bool CniArgs::isValidIdentifier(QStringView text)
{
    bool valid = !text.isEmpty() && isAsciiAlnum(text.front());
    for (QChar c : text)
        valid = valid && (isAsciiAlnum(c) || c == u'_' || c == u'.' || c == u'-');
    return valid;
}

QString CniArgs::commandName() const
{
    switch (mCommand) {
    case Command::Add:
        return QStringLiteral("ADD");
    case Command::Del:
        return QStringLiteral("DEL");
    case Command::Check:
        return QStringLiteral("CHECK");
    case Command::Version:
        break;
    }
    return QStringLiteral("VERSION");
}

Result<CniArgs> CniArgs::fromEnvironment(const QProcessEnvironment &environment)
{
    CniArgs args;
    const QString command = environment.value(QStringLiteral("CNI_COMMAND"));
    if (command == u"ADD")
        args.mCommand = Command::Add;
    else if (command == u"DEL")
        args.mCommand = Command::Del;
    else if (command == u"CHECK")
        args.mCommand = Command::Check;
    else if (command == u"VERSION")
        return args;
    else if (command.isEmpty())
        return Error(QStringLiteral("CNI_COMMAND is not set (expected ADD, DEL, CHECK or VERSION)"));
    else
        return Error(QStringLiteral("CNI_COMMAND '%1' is not supported (expected ADD, DEL, CHECK or VERSION)")
                         .arg(command));

    const auto required = [&](const char *name) -> Result<QString> {
        const QString value = environment.value(QLatin1String(name));
        if (value.isEmpty())
            return Error(QStringLiteral("%1 is not set (required for %2)").arg(QLatin1String(name), command));
        return value;
    };
    auto containerId = required("CNI_CONTAINERID");
    if (!containerId)
        return containerId.error();
    if (auto valid = validateContainerId(*containerId); !valid)
        return valid.error();
    args.mContainerId = *containerId;

    auto ifName = required("CNI_IFNAME");
    if (!ifName)
        return ifName.error();
    if (auto valid = validateIfName(*ifName); !valid)
        return valid.error();
    args.mIfName = *ifName;

    auto path = required("CNI_PATH");
    if (!path)
        return path.error();
    args.mPath = path->split(u':', Qt::SkipEmptyParts);

    if (args.mCommand == Command::Del) {
        args.mNetns = environment.value(QStringLiteral("CNI_NETNS"));
    } else {
        auto netns = required("CNI_NETNS");
        if (!netns)
            return netns.error();
        args.mNetns = *netns;
    }
    args.mArgs = environment.value(QStringLiteral("CNI_ARGS"));
    return args;
}

} // namespace tartan
