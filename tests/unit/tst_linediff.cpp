#include "linediff.h"

#include <QTest>

using namespace tartan;

class TestLineDiff : public QObject
{
    Q_OBJECT
private slots:
    void unified_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QString>("expected");
        QTest::newRow("same") << QStringList{"a", "b"} << QStringList{"a", "b"} << QString();
        QTest::newRow("empty both") << QStringList{} << QStringList{} << QString();
        QTest::newRow("change middle") << QStringList{"{", "\"Network\": \"10.1.0.0/16\"", "}"}
                                       << QStringList{"{", "\"Network\": \"10.2.0.0/16\"", "}"}
                                       << "@@\n {\n-\"Network\": \"10.1.0.0/16\"\n+\"Network\": \"10.2.0.0/16\"\n }\n";
        QTest::newRow("added at end") << QStringList{"a"} << QStringList{"a", "b"} << "@@\n a\n+b\n";
        QTest::newRow("removed at start") << QStringList{"a", "b"} << QStringList{"b"} << "@@\n-a\n b\n";
        QTest::newRow("from nothing") << QStringList{} << QStringList{"x"} << "@@\n+x\n";
        QTest::newRow("two hunks") << QStringList{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}
                                   << QStringList{"one", "2", "3", "4", "5", "6", "7", "8", "9", "ten"}
                                   << "@@\n-1\n+one\n 2\n@@\n 9\n-10\n+ten\n";
    }
    void unified()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(QString, expected);
        const LineDiff diff = LineDiff::compute(before, after);
        QCOMPARE(diff.unified(1), expected);
        QCOMPARE(diff.isEmpty(), expected.isEmpty());
    }

    void isMinimal()
    {
        const LineDiff diff = LineDiff::compute({"a", "b", "c", "d"}, {"a", "c", "d", "e"});
        int changes = 0;
        for (const auto &line : diff.lines())
            changes += line.kind != LineDiff::Kind::Same;
        QCOMPARE(changes, 2); // -b, +e
    }

    void hugeInputsFallBackToReplace()
    {
        QStringList before, after;
        for (int i = 0; i < 3000; ++i) {
            before << QString::number(i);
            after << QString::number(i);
        }
        const LineDiff diff = LineDiff::compute(before, after);
        QCOMPARE(diff.lines().size(), 6000);
        QCOMPARE(diff.lines().first().kind, LineDiff::Kind::Removed);
        QVERIFY(!diff.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestLineDiff)
#include "tst_linediff.moc"
