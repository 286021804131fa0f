#pragma once

#include <optional>
#include <QPalette>
#include <QString>

namespace sd::ui {

enum class ThemeChoice { System, Light, Dark };

std::optional<ThemeChoice> themeChoiceFromName(const QString &name);
QString themeChoiceName(ThemeChoice choice);

// The palette for a choice; System follows the platform's colour scheme (light when unknown).
QPalette paletteFor(ThemeChoice choice);
bool isDarkPalette(const QPalette &palette);

// Applies the Fusion style with the chosen palette to the whole application.
void applyTheme(ThemeChoice choice);

} // namespace sd::ui
