#include "delegateplugin.h"

#include <QFileInfo>
#include <QProcess>

namespace tartan {

Result<QString> DelegatePlugin::find(const QString &type, const QStringList &searchPath)
{
    for (const QString &directory : searchPath) {
        const QFileInfo candidate(directory + u'/' + type);
        if (candidate.isFile() && candidate.isExecutable())
            return candidate.absoluteFilePath();
    }
    return Error(
        QStringLiteral("failed to find plugin \"%1\" in path [%2]").arg(type, searchPath.join(u' ')));
}

Result<DelegatePlugin::Outcome> DelegatePlugin::run(const QString &executable, const QString &command,
                                                    const QByteArray &config, QProcessEnvironment environment)
{
    environment.insert(QStringLiteral("CNI_COMMAND"), command);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(executable, {});
    if (!process.waitForStarted(-1))
        return Error(QStringLiteral("starting %1: %2").arg(executable, process.errorString()));
    process.write(config);
    process.closeWriteChannel();
    // No timeout of our own: the runtime bounds the plugin call and kills us (and so the
    // delegate's pipes) when it gives up; a guess here could cut a slow but healthy DEL short.
    process.waitForFinished(-1);
    Outcome outcome;
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.output = process.readAllStandardOutput();
    outcome.errorOutput = process.readAllStandardError();
    return outcome;
}

} // namespace tartan
