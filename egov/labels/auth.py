"""Labels of sign-in and roles (egov/auth.py)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "auth.title": ("ลงชื่อเข้าใช้", "Sign in"),
    "auth.username": ("ชื่อผู้ใช้", "User name"),
    "auth.password": ("รหัสผ่าน", "Password"),
    "auth.sign_in": ("ลงชื่อเข้าใช้", "Sign in"),
    "auth.sign_out": ("ออกจากระบบ", "Sign out"),
    "auth.failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (หรือพยายามผิดหลายครั้งเกินไป กรุณารอสักครู่)",
                    "Wrong user name or password (or too many attempts: wait a few minutes)."),
    "auth.oidc_prompt": ("ลงชื่อเข้าใช้ด้วยบัญชีขององค์กรเพื่อดูแดชบอร์ด",
                         "Sign in with your organisation's account to see the dashboard."),
    "auth.no_access": ("คุณยังไม่มีสิทธิ์เข้าถึงแดชบอร์ดนี้ กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์",
                       "You have no access to this dashboard. Ask its administrator for access."),
    "auth.config_error": ("การตั้งค่าการลงชื่อเข้าใช้ไม่ถูกต้อง จึงยังไม่เปิดให้ผู้ใดเข้าใช้ กรุณาแจ้งผู้ดูแลระบบ",
                          "The sign-in configuration is invalid, so nobody is let in. Tell the administrator."),
    "auth.open_notice": ("🔓 เปิดใช้โดยไม่ต้องลงชื่อเข้าใช้: ผู้ใช้ในเครื่องนี้คนเดียว สิทธิ์ผู้ดูแลระบบ "
                         "(ตั้งค่าการลงชื่อเข้าใช้ได้ตาม docs/SECURITY.md)",
                         "🔓 Open, no sign-in: one local user with administrator rights "
                         "(set up sign-in as docs/SECURITY.md describes)."),
    "auth.who": ("👤 {name} · {role} · {provinces}", "👤 {name} · {role} · {provinces}"),
    "auth.all_provinces": ("ทุกจังหวัด", "all provinces"),
    "auth.n_provinces": ("{n} จังหวัด", "{n} province(s)"),
    "auth.role_executive": ("ผู้บริหาร", "executive"),
    "auth.role_analyst": ("นักวิเคราะห์", "analyst"),
    "auth.role_presenter": ("ผู้บรรยาย", "presenter"),
    "auth.role_administrator": ("ผู้ดูแลระบบ", "administrator"),
}
