#include "texttable.h"

#include <algorithm>

namespace tartan::cli {

QString TextTable::toString() const
{
    QList<qsizetype> widths(mHeader.size(), 0);
    const auto measure = [&widths](const QStringList &row) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    };
    measure(mHeader);
    for (const QStringList &row : mRows)
        measure(row);
    const auto line = [&widths](const QStringList &row) {
        QString text;
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c) {
            const bool last = c + 1 == row.size();
            text += last ? row[c] : row[c].leftJustified(widths[c] + 2);
        }
        return text;
    };
    QStringList lines{line(mHeader)};
    for (const QStringList &row : mRows)
        lines << line(row);
    return lines.join(u'\n');
}

} // namespace tartan::cli
