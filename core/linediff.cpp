#include "linediff.h"

#include <vector>

namespace tartan {

LineDiff LineDiff::compute(const QStringList &before, const QStringList &after)
{
    LineDiff diff;
    const qsizetype n = before.size();
    const qsizetype m = after.size();
    if (n * m > kMaxCells) {
        for (const QString &line : before)
            diff.mLines.append({Kind::Removed, line});
        for (const QString &line : after)
            diff.mLines.append({Kind::Added, line});
        return diff;
    }
    // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
    std::vector<std::vector<int>> common(n + 1, std::vector<int>(m + 1, 0));
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);

    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (before[i] == after[j]) {
            diff.mLines.append({Kind::Same, before[i]});
            ++i;
            ++j;
        } else if (common[i + 1][j] >= common[i][j + 1]) {
            diff.mLines.append({Kind::Removed, before[i++]});
        } else {
            diff.mLines.append({Kind::Added, after[j++]});
        }
    }
    while (i < n)
        diff.mLines.append({Kind::Removed, before[i++]});
    while (j < m)
        diff.mLines.append({Kind::Added, after[j++]});
    return diff;
}

bool LineDiff::isEmpty() const
{
    for (const Line &line : mLines)
        if (line.kind != Kind::Same)
            return false;
    return true;
}

QString LineDiff::unified(int context) const
{
    const qsizetype count = mLines.size();
    // A line is shown if it is a change or within `context` lines of one.
    std::vector<bool> shown(count, false);
    for (qsizetype k = 0; k < count; ++k) {
        if (mLines[k].kind == Kind::Same)
            continue;
        for (qsizetype c = std::max<qsizetype>(0, k - context); c <= std::min(count - 1, k + context); ++c)
            shown[c] = true;
    }
    QString text;
    bool gap = false;
    for (qsizetype k = 0; k < count; ++k) {
        if (!shown[k]) {
            gap = true;
            continue;
        }
        if (gap || text.isEmpty())
            text += QStringLiteral("@@\n");
        gap = false;
        const QChar mark = mLines[k].kind == Kind::Same ? u' ' : mLines[k].kind == Kind::Removed ? u'-' : u'+';
        text += mark + mLines[k].text + u'\n';
    }
    return text;
}

} // namespace tartan
