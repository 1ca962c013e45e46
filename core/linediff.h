#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tartan {

/// A line-by-line comparison of two texts, for showing what an edit changes before it is written
/// (tartanctl config set, the app's config editor).
class LineDiff
{
public:
    enum class Kind { Same, Removed, Added };
    struct Line
    {
        Kind kind;
        QString text;
        friend bool operator==(const Line &, const Line &) = default;
    };

    /// The shortest edit turning `before` into `after` (longest common subsequence). Inputs past
    /// kMaxCells line pairs are compared as "all removed, all added" to bound time and memory.
    static LineDiff compute(const QStringList &before, const QStringList &after);

    const QList<Line> &lines() const { return mLines; }
    bool isEmpty() const;

    /// Unified-diff text ("-removed", "+added", " context") with `context` unchanged lines around
    /// each change and "@@" separators between distant hunks; empty when nothing changed.
    QString unified(int context = 3) const;

    static constexpr qsizetype kMaxCells = 4'000'000;

private:
    QList<Line> mLines;
};

} // namespace tartan
