"""django-axes with Chinese names in the admin: axes ships no Chinese translation, so its
sidebar entries read "Access attempts" etc. on an otherwise Chinese site."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig

# model name → (verbose_name, verbose_name_plural)
CHINESE_NAMES = {
    "accessattempt": ("登录尝试", "登录尝试"),
    "accessfailurelog": ("登录失败记录", "登录失败记录"),
    "accesslog": ("登录日志", "登录日志"),
    "accessattemptexpiration": ("登录尝试过期时间", "登录尝试过期时间"),
}


class AxesChineseConfig(AxesAppConfig):
    verbose_name = "登录防护"

    def ready(self) -> None:
        super().ready()
        # Display names only: Meta.original_attrs (what migrations compare) stays untouched.
        for model in self.get_models():
            names = CHINESE_NAMES.get(model._meta.model_name)
            if names:
                model._meta.verbose_name, model._meta.verbose_name_plural = names
