"""Review-queue scores were the noisier of body and original OCR; they are now the body's own
(the text the symptom columns explain). Recompute the stored scores once."""

from django.db import migrations


def rescore_from_body(apps, schema_editor):
    from archive.corrections.noise import ocr_noise_score

    Article = apps.get_model("archive", "Article")
    changed = []
    for article in Article.objects.only("pk", "body", "noise_score").iterator(chunk_size=500):
        score = ocr_noise_score(article.body or "")
        if score != article.noise_score:
            article.noise_score = score
            changed.append(article)
    Article.objects.bulk_update(changed, ["noise_score"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_desk_error_report")]

    operations = [migrations.RunPython(rescore_from_body, migrations.RunPython.noop)]
