// The app's translations, checked against the sources: the committed Chinese file translates every
// message (one plural form, the placeholders, mnemonics and shortcut texts kept), it covers every
// string lupdate finds in today's sources (so a new tr() without a translation fails here with the
// list of missing strings), the English file holds both plural forms of every numerus message, and
// both files, compiled by lrelease, answer through QTranslator. No store is involved.
#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

const QString kSourceDir = QStringLiteral(TARTAN_SOURCE_DIR);
const QString kChineseFile = kSourceDir + QStringLiteral("/translations/tartan_zh_CN.ts");
const QString kEnglishFile = kSourceDir + QStringLiteral("/translations/tartan_en.ts");

// One <message> of a .ts file.
struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // "unfinished", "vanished", "obsolete" or empty when translated
    QStringList forms; // the translation, or one entry per <numerusform>

    // Qt looks a message up by these three.
    QString key() const { return context + QChar(0) + source + QChar(0) + comment; }
    QString label() const
    {
        QString text = context + QStringLiteral(": \"") + source + u'"';
        if (!comment.isEmpty())
            text += QStringLiteral(" (") + comment + u')';
        return text;
    }
    bool finished() const
    {
        return type.isEmpty() && !forms.isEmpty()
            && std::none_of(forms.cbegin(), forms.cend(), [](const QString &form) { return form.isEmpty(); });
    }
};

TsMessage readMessage(QXmlStreamReader &xml, const QString &context)
{
    TsMessage message;
    message.context = context;
    message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("comment")) {
            message.comment = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            if (message.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform"))
                        message.forms << xml.readElementText();
                    else
                        xml.skipCurrentElement();
                }
            } else {
                message.forms << xml.readElementText();
            }
        } else {
            xml.skipCurrentElement();
        }
    }
    return message;
}

// Every message of a .ts file; an unreadable or malformed file fails the calling test.
QList<TsMessage> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("read %1: %2").arg(path, file.errorString());
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    if (xml.readNextStartElement() && xml.name() == QLatin1String("TS")) {
        while (xml.readNextStartElement()) {
            if (xml.name() != QLatin1String("context")) {
                xml.skipCurrentElement();
                continue;
            }
            QString context;
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("name"))
                    context = xml.readElementText();
                else if (xml.name() == QLatin1String("message"))
                    messages << readMessage(xml, context);
                else
                    xml.skipCurrentElement();
            }
        }
    } else if (!xml.hasError()) {
        xml.raiseError(QStringLiteral("no <TS> root element"));
    }
    if (xml.hasError()) {
        *error = QStringLiteral("parse %1 at line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
        return {};
    }
    return messages;
}

// The %1..%9 and %n markers (with or without the L of locale-aware numbers) a text uses.
QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%L?([1-9]|n)"));
    QSet<QString> found;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(1));
    return found;
}

bool hasMnemonic(QString text)
{
    static const QRegularExpression mnemonic(QStringLiteral("&[^&\\s]"));
    return text.remove(QStringLiteral("&&")).contains(mnemonic);
}

// Texts given to QKeySequence: they must reach it unchanged, whatever the language.
bool isShortcutText(const QString &text)
{
    static const QRegularExpression shortcut(QStringLiteral("^((Ctrl|Shift|Alt|Meta)\\+)+\\S+$"));
    return shortcut.match(text).hasMatch();
}

// What is wrong with one translated form of a message, if anything.
QStringList formProblems(const TsMessage &message, const QString &form)
{
    QStringList problems;
    const QSet<QString> expected = placeholders(message.source);
    const QSet<QString> got = placeholders(form);
    for (const QString &marker : expected - got)
        problems << QStringLiteral("%1: translation \"%2\" lacks %%3").arg(message.label(), form, marker);
    for (const QString &marker : got - expected)
        problems << QStringLiteral("%1: translation \"%2\" has %%3, which the source lacks").arg(message.label(), form, marker);
    if (hasMnemonic(message.source) != hasMnemonic(form))
        problems << QStringLiteral("%1: translation \"%2\" does not keep the & mnemonic").arg(message.label(), form);
    if (isShortcutText(message.source) && form != message.source)
        problems << QStringLiteral("%1: a shortcut text must stay \"%2\", not \"%3\"").arg(message.label(), message.source, form);
    return problems;
}

QString joined(const QStringList &lines)
{
    return QStringLiteral("\n  ") + lines.join(QStringLiteral("\n  "));
}

// Runs one of Qt's Linguist tools; the tool's output is part of the failure message.
bool runTool(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 %2: %3 %4")
                     .arg(program, arguments.join(u' '), process.errorString(), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

QString linguistTool(const char *name)
{
    return QFileInfo(QStringLiteral(TARTAN_LUPDATE)).absolutePath() + u'/' + QLatin1String(name);
}

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private slots:
    void chineseFileIsComplete();
    void chineseFileCoversTheSources();
    void englishFileHasBothPluralForms();
    void compiledCataloguesTranslate();
};

void TranslationsTest::chineseFileIsComplete()
{
    QString error;
    const QList<TsMessage> messages = readTs(kChineseFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());

    QStringList problems;
    for (const TsMessage &message : messages) {
        if (!message.finished()) {
            problems << QStringLiteral("%1: not translated (type \"%2\")").arg(message.label(), message.type);
            continue;
        }
        // Chinese has one plural form; a second one would never be shown.
        if (message.numerus && message.forms.size() != 1)
            problems << QStringLiteral("%1: %2 plural forms, Chinese has one").arg(message.label()).arg(message.forms.size());
        for (const QString &form : message.forms)
            problems << formProblems(message, form);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) in translations/tartan_zh_CN.ts:%2")
                                                .arg(problems.size()).arg(joined(problems))));
}

void TranslationsTest::chineseFileCoversTheSources()
{
    const QString lupdate = QStringLiteral(TARTAN_LUPDATE);
    if (!QFileInfo(lupdate).isExecutable())
        QSKIP(qPrintable(QStringLiteral("lupdate is not installed at %1").arg(lupdate)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // The inputs of qt_add_translations in app/gui/CMakeLists.txt: the app (main.cpp included) and
    // the ClusterState texts it shows.
    const QString found = dir.filePath(QStringLiteral("sources_zh_CN.ts"));
    QString error;
    QVERIFY2(runTool(lupdate,
                     {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                      kSourceDir + QStringLiteral("/app/gui"), kSourceDir + QStringLiteral("/core/clusterstate.cpp"),
                      QStringLiteral("-ts"), found},
                     &error),
             qPrintable(error));
    const QList<TsMessage> inSources = readTs(found, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(inSources.size() > 100, qPrintable(QStringLiteral("lupdate found only %1 strings").arg(inSources.size())));

    const auto finishedKeys = [](const QList<TsMessage> &messages) {
        QSet<QString> keys;
        for (const TsMessage &message : messages)
            if (message.finished())
                keys.insert(message.key());
        return keys;
    };
    const QSet<QString> chinese = finishedKeys(readTs(kChineseFile, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QSet<QString> english = finishedKeys(readTs(kEnglishFile, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QStringList missingChinese;
    QStringList missingEnglish;
    for (const TsMessage &message : inSources) {
        if (!chinese.contains(message.key()))
            missingChinese << message.label();
        if (message.numerus && !english.contains(message.key()))
            missingEnglish << message.label();
    }
    const QString refresh = QStringLiteral("(cmake --build <build> --target update_translations refreshes the .ts files)");
    QVERIFY2(missingChinese.isEmpty(),
             qPrintable(QStringLiteral("%1 string(s) of the sources have no translation in translations/tartan_zh_CN.ts %2:%3")
                            .arg(missingChinese.size()).arg(refresh, joined(missingChinese))));
    QVERIFY2(missingEnglish.isEmpty(),
             qPrintable(QStringLiteral("%1 plural string(s) of the sources have no English forms in translations/tartan_en.ts %2:%3")
                            .arg(missingEnglish.size()).arg(refresh, joined(missingEnglish))));
}

void TranslationsTest::englishFileHasBothPluralForms()
{
    QString error;
    const QList<TsMessage> messages = readTs(kEnglishFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    int numerus = 0;
    QStringList problems;
    for (const TsMessage &message : messages) {
        if (!message.numerus)
            continue;
        ++numerus;
        if (!message.finished() || message.forms.size() != 2) {
            problems << QStringLiteral("%1: needs two non-empty plural forms (type \"%2\", %3 form(s))")
                            .arg(message.label(), message.type)
                            .arg(message.forms.size());
            continue;
        }
        for (const QString &form : message.forms)
            problems << formProblems(message, form);
    }
    QVERIFY2(numerus > 0, "translations/tartan_en.ts has no plural messages");
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) in translations/tartan_en.ts:%2")
                                                .arg(problems.size()).arg(joined(problems))));
}

void TranslationsTest::compiledCataloguesTranslate()
{
    // tartan_gui does not embed the catalogues (the tartan executable does), so compile the
    // committed files here the way the build does.
    const QString lrelease = linguistTool("lrelease");
    if (!QFileInfo(lrelease).isExecutable())
        QSKIP(qPrintable(QStringLiteral("lrelease is not installed at %1").arg(lrelease)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString chineseQm = dir.filePath(QStringLiteral("tartan_zh_CN.qm"));
    const QString englishQm = dir.filePath(QStringLiteral("tartan_en.qm"));
    QString error;
    QVERIFY2(runTool(lrelease, {kChineseFile, QStringLiteral("-qm"), chineseQm}, &error), qPrintable(error));
    QVERIFY2(runTool(lrelease, {kEnglishFile, QStringLiteral("-qm"), englishQm}, &error), qPrintable(error));

    QTranslator chinese;
    QVERIFY(chinese.load(chineseQm));
    QCOMPARE(chinese.language(), QStringLiteral("zh_CN"));
    QCOMPARE(chinese.translate("tartan::gui::MainWindow", "&File"), QStringLiteral(u"文件(&F)"));
    QCOMPARE(chinese.translate("tartan::gui::ConnectDialog", "Connect to a Cluster"), QStringLiteral(u"连接到集群"));
    QCOMPARE(chinese.translate("tartan::gui::MainWindow", "Ctrl+E"), QStringLiteral("Ctrl+E"));
    QVERIFY(QCoreApplication::installTranslator(&chinese));
    QCOMPARE(QCoreApplication::translate("tartan::gui::MainWindow", "%n node(s) match", nullptr, 1), QStringLiteral(u"1 个节点匹配"));
    QCOMPARE(QCoreApplication::translate("tartan::gui::MainWindow", "%n node(s) match", nullptr, 12), QStringLiteral(u"12 个节点匹配"));
    QVERIFY(QCoreApplication::removeTranslator(&chinese));

    // English: only the plural forms are translated; everything else falls back to the source.
    QTranslator english;
    QVERIFY(english.load(englishQm));
    QVERIFY(QCoreApplication::installTranslator(&english));
    QCOMPARE(QCoreApplication::translate("tartan::gui::MainWindow", "%n node(s) match", nullptr, 1), QStringLiteral("1 node matches"));
    QCOMPARE(QCoreApplication::translate("tartan::gui::MainWindow", "%n node(s) match", nullptr, 3), QStringLiteral("3 nodes match"));
    QCOMPARE(QCoreApplication::translate("tartan::ClusterState", "%n lease(s)", nullptr, 1), QStringLiteral("1 lease"));
    QCOMPARE(QCoreApplication::translate("tartan::gui::MainWindow", "&File"), QStringLiteral("&File"));
    QVERIFY(QCoreApplication::removeTranslator(&english));
}

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
