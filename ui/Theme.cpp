#include "Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace sd::ui {

std::optional<ThemeChoice> themeChoiceFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"system")
        return ThemeChoice::System;
    if (lower == u"light")
        return ThemeChoice::Light;
    if (lower == u"dark")
        return ThemeChoice::Dark;
    return std::nullopt;
}

QString themeChoiceName(ThemeChoice choice)
{
    switch (choice) {
    case ThemeChoice::System:
        return QStringLiteral("system");
    case ThemeChoice::Light:
        return QStringLiteral("light");
    case ThemeChoice::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

namespace {

// The colours a theme is made of; paletteOf gives both themes' palettes their roles the same way.
struct ThemeColours
{
    QColor window;
    QColor text; // also the window's and the buttons' text
    QColor base;
    QColor alternateBase;
    QColor button;
    QColor highlight;
    QColor link;
    QColor toolTipBase;
    QColor toolTipText;
    QColor placeholder;
    QColor disabledText;
};

QPalette paletteOf(const ThemeColours &c)
{
    QPalette p(c.window);
    p.setColor(QPalette::Window, c.window);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.base);
    p.setColor(QPalette::AlternateBase, c.alternateBase);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, c.button);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::Highlight, c.highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, c.link);
    p.setColor(QPalette::ToolTipBase, c.toolTipBase);
    p.setColor(QPalette::ToolTipText, c.toolTipText);
    p.setColor(QPalette::PlaceholderText, c.placeholder);
    for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, c.disabledText);
    return p;
}

QPalette lightPalette()
{
    return paletteOf({.window = QColor(0xeff0f1),
                      .text = QColor(0x232629),
                      .base = Qt::white,
                      .alternateBase = QColor(0xf5f6f7),
                      .button = QColor(0xe3e5e7),
                      .highlight = QColor(0x3daee9),
                      .link = QColor(0x1d63b8),
                      .toolTipBase = QColor(0xffffdc),
                      .toolTipText = Qt::black,
                      .placeholder = QColor(0x70757a),
                      .disabledText = QColor(0x9a9da0)});
}

QPalette darkPalette()
{
    QPalette p = paletteOf({.window = QColor(0x2a2e32),
                            .text = QColor(0xe6e8ea),
                            .base = QColor(0x1b1e20),
                            .alternateBase = QColor(0x232729),
                            .button = QColor(0x31363b),
                            .highlight = QColor(0x3daee9),
                            .link = QColor(0x5db5f5),
                            .toolTipBase = QColor(0x31363b),
                            .toolTipText = QColor(0xe6e8ea),
                            .placeholder = QColor(0x8a9096),
                            .disabledText = QColor(0x6e747a)});
    // Roles the light palette leaves to what QPalette derives from the window colour.
    p.setColor(QPalette::LinkVisited, QColor(0xb08cf0));
    p.setColor(QPalette::BrightText, QColor(0xff6b6b));
    p.setColor(QPalette::Light, QColor(0x40464c));
    p.setColor(QPalette::Midlight, QColor(0x383d42));
    p.setColor(QPalette::Mid, QColor(0x232629));
    p.setColor(QPalette::Dark, QColor(0x181a1c));
    p.setColor(QPalette::Shadow, QColor(0x101112));
    return p;
}

} // namespace

QPalette paletteFor(ThemeChoice choice)
{
    if (choice == ThemeChoice::System)
        choice = QGuiApplication::styleHints()->colorScheme() == Qt::ColorScheme::Dark ? ThemeChoice::Dark
                                                                                       : ThemeChoice::Light;
    return choice == ThemeChoice::Dark ? darkPalette() : lightPalette();
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void applyTheme(ThemeChoice choice)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return;
    if (QApplication::style()->name().compare(u"fusion", Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(paletteFor(choice));
}

} // namespace sd::ui
