#include "PlainText.h"

#include <QLabel>

using namespace Qt::StringLiterals;

namespace sd::ui {

QLabel *plainLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString literalCaption(QString text)
{
    return text.replace(u'&', u"&&"_s);
}

} // namespace sd::ui
