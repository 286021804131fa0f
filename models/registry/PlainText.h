#pragma once

#include <QString>

namespace sd::registry {

// Text that came from a registry, a file or a user, for places where Qt guesses whether a string is
// rich text (tooltips; see Qt::mightBeRichText): the result always shows `text` literally. Text that
// Qt could take for markup is escaped and wrapped in a paragraph that keeps its line breaks; anything
// else is returned unchanged.
QString plainToolTip(const QString &text);

} // namespace sd::registry
