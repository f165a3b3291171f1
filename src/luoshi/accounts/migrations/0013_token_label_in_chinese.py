# The token events named in Chinese (接口令牌) as the pages name them.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_home_unit_event_kinds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="securityevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("login", "登录成功"),
                    ("login_failed", "登录失败"),
                    ("logout", "退出登录"),
                    ("locked_out", "账户锁定"),
                    ("unlocked", "解除锁定"),
                    ("password_changed", "修改密码"),
                    ("password_reset", "重置密码"),
                    ("account_created", "创建账号"),
                    ("account_disabled", "停用账号"),
                    ("role_changed", "角色变更"),
                    ("admin_role_changed", "管理员角色变更"),
                    ("oversight_changed", "分管变更"),
                    ("permission_denied", "越权访问"),
                    ("token_created", "签发接口令牌"),
                    ("export", "导出数据"),
                    ("file_download", "下载附件"),
                    ("delegation_changed", "代上级交办授权变更"),
                    ("policy_changed", "审批规则变更"),
                    ("token_revoked", "吊销接口令牌"),
                    ("access_revoked", "注销会话与令牌"),
                    ("password_expired", "密码过期须修改"),
                    ("reset_code_issued", "签发密码重置码"),
                    ("two_factor_enabled", "启用两步验证"),
                    ("two_factor_disabled", "停用两步验证"),
                    ("two_factor_failed", "两步验证失败"),
                    ("unit_move_proposed", "提议调整单位隶属"),
                    ("unit_moved", "单位隶属变更"),
                    ("unit_move_refused", "驳回单位隶属调整"),
                    ("password_reset_proposed", "提议重置密码"),
                    ("password_reset_refused", "驳回密码重置"),
                    ("unit_kind_proposed", "提议调整单位类型"),
                    ("unit_kind_changed", "单位类型变更"),
                    ("unit_kind_refused", "驳回单位类型调整"),
                    ("robot_url_proposed", "提议群机器人地址"),
                    ("robot_url_changed", "群机器人地址生效"),
                    ("robot_url_refused", "驳回群机器人地址"),
                    ("email_proposed", "提议修改电子邮箱"),
                    ("email_changed", "电子邮箱修改生效"),
                    ("email_refused", "驳回电子邮箱修改"),
                    ("home_unit_proposed", "提议调整所在单位"),
                    ("home_unit_changed", "所在单位调整生效"),
                    ("home_unit_refused", "驳回所在单位调整"),
                ],
                db_index=True,
                max_length=30,
                verbose_name="事件",
            ),
        ),
    ]
