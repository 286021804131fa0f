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
        DiffColours c;
        if (isDarkPalette(palette) || palette.color(QPalette::Base).lightness() < 128) {
            c.added = QColor(0x1f, 0x3d, 0x27);
            c.removed = QColor(0x4a, 0x22, 0x27);
            c.changed = QColor(0x1f, 0x34, 0x4f);
            c.padding = QColor(0x30, 0x30, 0x33);
            c.addedInline = QColor(0x2f, 0x6e, 0x3d);
            c.removedInline = QColor(0x85, 0x33, 0x3c);
            c.addedStrong = QColor(0x4c, 0xaf, 0x50);
            c.removedStrong = QColor(0xe5, 0x57, 0x5f);
            c.changedStrong = QColor(0x5c, 0x9d, 0xe8);
        } else {
            c.added = QColor(0xdc, 0xf5, 0xe0);
            c.removed = QColor(0xfb, 0xe0, 0xe2);
            c.changed = QColor(0xe0, 0xec, 0xfc);
            c.padding = QColor(0xee, 0xee, 0xee);
            c.addedInline = QColor(0xa6, 0xe4, 0xb2);
            c.removedInline = QColor(0xf5, 0xaa, 0xb0);
            c.addedStrong = QColor(0x2e, 0x9e, 0x48);
            c.removedStrong = QColor(0xd3, 0x3a, 0x44);
            c.changedStrong = QColor(0x2f, 0x6f, 0xd0);
        }
        return c;
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
