#pragma once

#include "diff/DiffTypes.h"
#include "ui/Theme.h"

#include <QColor>
#include <QPalette>

namespace sd::ui {

// Diff colours that read on both palettes: soft row backgrounds, stronger intraline and marker
// colours. Colour never carries meaning alone: the gutter shows + / − / ~ and the counts say it.
struct DiffColours
{
    QColor added;
    QColor removed;
    QColor changed;
    QColor padding;
    QColor addedInline;
    QColor removedInline;
    QColor addedStrong;
    QColor removedStrong;
    QColor changedStrong;

    static DiffColours forPalette(const QPalette &palette)
    {
        // In the order of the members: added, removed, changed, padding, the two inline, the three strong.
        static constexpr QRgb dark[] = {0x1f3d27, 0x4a2227, 0x1f344f, 0x303033, 0x2f6e3d,
                                        0x85333c, 0x4caf50, 0xe5575f, 0x5c9de8};
        static constexpr QRgb light[] = {0xdcf5e0, 0xfbe0e2, 0xe0ecfc, 0xeeeeee, 0xa6e4b2,
                                         0xf5aab0, 0x2e9e48, 0xd33a44, 0x2f6fd0};
        const QRgb *rgb =
            isDarkPalette(palette) || palette.color(QPalette::Base).lightness() < 128 ? dark : light;
        return {QColor(rgb[0]), QColor(rgb[1]), QColor(rgb[2]), QColor(rgb[3]), QColor(rgb[4]),
                QColor(rgb[5]), QColor(rgb[6]), QColor(rgb[7]), QColor(rgb[8])};
    }

    QColor strongFor(diff::RowKind kind) const
    {
        switch (kind) {
        case diff::RowKind::Added:
            return addedStrong;
        case diff::RowKind::Removed:
            return removedStrong;
        case diff::RowKind::Changed:
            return changedStrong;
        case diff::RowKind::Equal:
            break;
        }
        return {};
    }
};

} // namespace sd::ui
