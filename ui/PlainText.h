#pragma once

#include "registry/PlainText.h"

#include <QString>

class QLabel;
class QWidget;

namespace sd::ui {

using registry::plainToolTip;

// A label for text that came from a registry, a file or a user: shown as plain text, never as markup
// (a QLabel guesses rich text otherwise, and a subject named "<a href=…>" would become a live link).
QLabel *plainLabel(QWidget *parent = nullptr);
// Button and action captions take '&' as a mnemonic marker; this keeps it literal.
QString literalCaption(QString text);

} // namespace sd::ui
