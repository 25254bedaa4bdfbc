# Catálogo en español de Gatehouse: exactamente los mismos mensajes que en.ftl.

# El nombre del idioma en el propio idioma, en el selector.
language-name = Español
# Al pie de cada página.
secured-by = Protegido por { $product }

## La página de inicio de sesión.
login-title = Iniciar sesión
login-to-app = para continuar a { $app }
login-username = Correo electrónico o nombre de usuario
login-password = Contraseña
login-remember = Recordarme en este equipo
login-submit = Iniciar sesión
login-or = o
login-passkey = Iniciar sesión con una llave de acceso
login-forgot = ¿Olvidaste tu contraseña?
# El mismo mensaje para un usuario desconocido y una contraseña incorrecta.
login-invalid = Nombre de usuario o contraseña no válidos
# El límite de intentos fallidos, antes del bloqueo.
login-invalid-left = { $count ->
    [one] Nombre de usuario o contraseña no válidos. Queda { $count } intento.
   *[other] Nombre de usuario o contraseña no válidos. Quedan { $count } intentos.
}
login-locked = Credenciales no válidas. La cuenta se ha bloqueado.
login-blocked = { $count ->
    [one] Demasiados intentos fallidos. Espera { $count } minuto antes de volver a intentarlo.
   *[other] Demasiados intentos fallidos. Espera { $count } minutos antes de volver a intentarlo.
}
account-locked = La cuenta está bloqueada. Ponte en contacto con un administrador.
directory-down = El directorio corporativo no está disponible. Vuelve a intentarlo más tarde.
login-no-directory-account = Ninguna cuenta coincide con tu cuenta del directorio. Ponte en contacto con tu administrador.
login-busy = Hay demasiados intentos de inicio de sesión en este momento. Vuelve a intentarlo dentro de un momento.
login-use-sso = Tu cuenta usa el inicio de sesión único. Usa { $upstream }.
login-throttled = Ha habido demasiados intentos fallidos de inicio de sesión desde tu red.
error-unknown-sign-in-method = Método de inicio de sesión desconocido.

## La página de consentimiento.
consent-title = ¿Permitir el acceso?
consent-lead = { $app } quiere:
consent-signed-in = Has iniciado sesión como { $email }. Puedes revocar el acceso más tarde desde la página de tu cuenta.
consent-deny = Denegar
consent-allow = Permitir
scope-openid = Iniciar tu sesión con tu cuenta
scope-profile = Ver tu nombre y tu perfil básico
scope-email = Ver tu dirección de correo electrónico
scope-phone = Ver tu número de teléfono
scope-offline = Seguir conectado cuando no lo usas (hasta que revoques el acceso)
scope-admin = Administrar { $product } con tus derechos de administrador
scope-other = Acceder a información adicional

## Todas las páginas.
footer-help = Ayuda
footer-privacy = Privacidad
footer-language = Idioma
sign-out = Cerrar sesión
current-password = Contraseña actual
new-password = Nueva contraseña
repeat-password = Repite la nueva contraseña
password-min-length = { $count ->
    [one] Al menos { $count } carácter.
   *[other] Al menos { $count } caracteres.
}
password-hint = Las frases largas de palabras sin relación entre sí son las más seguras.
duration-seconds = { $count ->
    [one] { $count } segundo
   *[other] { $count } segundos
}
duration-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
duration-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
duration-days = { $count ->
    [one] { $count } día
   *[other] { $count } días
}

## Páginas de error.
error-reference = Referencia:

## Páginas de mensaje.
message-manage-account = Gestionar tu cuenta

## La página form_post (el navegador envía la respuesta a la aplicación).
form-post-title = Iniciando sesión…
form-post-manual = Si no ocurre nada, continúa manualmente:
form-post-continue = Continuar

## La verificación en dos pasos al iniciar sesión.
mfa-qr-label = Código QR para tu aplicación de autenticación
mfa-qr-manual = ¿No puedes escanearlo? Introduce esta clave en la aplicación:
mfa-recovery-keep = Guarda estos códigos de recuperación en un lugar seguro. Cada uno funciona una sola vez, si pierdes tu segundo factor. Solo se muestran ahora.
mfa-back-to-account = Volver a tu cuenta
mfa-remember-device = { $count ->
    [one] Recordar este dispositivo durante { $count } día
   *[other] Recordar este dispositivo durante { $count } días
}
mfa-verify = Verificar
mfa-resend = Volver a enviar

## Llaves de acceso.
passkey-create = Crear una llave de acceso
passkey-ready = Tu llave de acceso está lista. Dale un nombre que puedas reconocer.
passkey-name = Nombre
passkey-save = Guardar la llave de acceso
passkey-use = Usar tu llave de acceso
passkey-unsupported = Este navegador no puede usar llaves de acceso aquí. Usa otro método u otro navegador.

## La página de la cuenta.
account-title = Tu cuenta
account-profile = Perfil
account-name = Nombre
account-phone = Teléfono (formato internacional, p. ej., +14155550123)
account-language = Idioma
account-language-auto = Automático (el de tu navegador)
account-profile-password = Contraseña actual (necesaria para cambiar el número de teléfono)
account-save-profile = Guardar perfil
account-pending-phone = El directorio de tu organización indica un nuevo número de teléfono que termina en { $ending }. Los códigos de inicio de sesión se envían a tu número actual hasta que confirmes el nuevo.
account-use-new-number = Usar el nuevo número
account-password = Contraseña
account-change-password = Cambiar la contraseña
account-two-step = Verificación en dos pasos
account-no-factor = Todavía no hay ningún segundo factor.
account-add-factor = Añadir { $method }
account-recovery-left = Códigos de recuperación restantes: { $count } de { $total }.
account-regenerate-codes = Generar nuevos códigos de recuperación
account-passkeys = Llaves de acceso
account-passkeys-lead = Inicia sesión con tu huella digital, tu cara, el bloqueo de pantalla o una llave de seguridad en lugar de una contraseña y un código. Una llave de acceso solo funciona en este sitio, así que una página falsa no puede robarla.
account-passkey-synced = sincronizada
account-passkey-added = añadida { $when }
account-passkey-used = último uso: { $when }
account-no-passkey = Todavía no hay ninguna llave de acceso.
account-add-passkey = Añadir una llave de acceso
account-sessions = Dónde has iniciado sesión
account-this-browser = (este navegador)
account-last-active = última actividad: { $when }
account-sign-out-everywhere = Cerrar sesión en todas partes
account-apps = Aplicaciones que has autorizado
account-no-apps = Ninguna.
account-revoke = Revocar
account-links = Métodos de inicio de sesión vinculados
account-unlink = Desvincular
account-remove = Eliminar

## Contraseña olvidada.
forgot-lead = Introduce tu nombre de usuario o tu dirección de correo electrónico. Enviaremos un enlace para elegir una nueva contraseña a la dirección de correo electrónico de tu cuenta.
forgot-submit = Enviar enlace de restablecimiento
forgot-back = Volver al inicio de sesión

## Condiciones del servicio.
terms-title = Condiciones del servicio
terms-lead = Antes de continuar, lee y acepta las Condiciones del servicio (versión { $version }).
terms-read = Leer las Condiciones del servicio
terms-decline = Rechazar
terms-accept = Aceptar
terms-decline-note = Si las rechazas, se cerrará tu sesión.

## Cerrar sesión.
logout-title = ¿Cerrar sesión?
logout-signed-in-as = Has iniciado sesión como { $email }.
logout-app-asks = { $app } ha solicitado cerrar tu sesión.
logout-stay = Mantener la sesión iniciada

## Páginas de error.
error-title = Error de inicio de sesión
error-go-back = Vuelve a la aplicación de la que vienes e inténtalo de nuevo.
error-expired-title = Esta página ha caducado
error-expired = Esta solicitud de inicio de sesión ha caducado o ya se ha utilizado.
error-expired-hint = Vuelve a la aplicación de la que vienes e inicia sesión de nuevo.
error-link-expired = Este enlace ha caducado
error-too-many-title = Demasiados intentos
error-too-many-sign-ins = Se han iniciado demasiados inicios de sesión desde tu red.
error-wait = Espera unos minutos antes de volver a intentarlo.
error-unavailable-title = No disponible temporalmente
error-unavailable = El servicio de inicio de sesión no está disponible temporalmente.
error-unavailable-hint = Vuelve a intentarlo dentro de un minuto.
error-internal-title = Algo ha salido mal
error-internal = Se ha producido un error interno.
error-internal-hint = Vuelve a intentarlo. Si sigue ocurriendo, comunica a tu administrador la referencia que aparece abajo.
error-language = Este idioma no está disponible.

## Contraseña olvidada y los enlaces enviados por correo.
forgot-limit = { $count ->
    [one] Puedes solicitar el restablecimiento de la contraseña como máximo una vez al día
   *[other] Puedes solicitar el restablecimiento de la contraseña como máximo { $count } veces al día
}
forgot-unknown = Las credenciales que has introducido no son válidas.
forgot-sent = Si hay una cuenta que coincida, se está enviando un enlace para elegir una nueva contraseña a la dirección de correo electrónico de esa cuenta.
reset-title = Elige una nueva contraseña
reset-lead = Introduce una nueva contraseña para tu cuenta.
reset-expired-hint = Solicita un nuevo enlace con “¿Olvidaste tu contraseña?” en la página de inicio de sesión.
reset-done-title = Contraseña cambiada
reset-done = Tu contraseña se ha cambiado y se han cerrado tus otras sesiones. Inicia sesión con tu nueva contraseña.
activate-title = Activa tu cuenta
activate-lead = Elige una contraseña para activar tu cuenta.
activate-button = Activar
activate-expired-hint = Pide a tu administrador que te envíe una nueva invitación, o usa “¿Olvidaste tu contraseña?” en la página de inicio de sesión para establecer tu contraseña.

## La política de contraseñas.
password-too-short = { $count ->
    [one] Usa al menos { $count } carácter.
   *[other] Usa al menos { $count } caracteres.
}
password-too-long = { $count ->
    [one] Usa como máximo { $count } carácter.
   *[other] Usa como máximo { $count } caracteres.
}
password-too-weak = Esta contraseña es demasiado fácil de adivinar. Añade más palabras o caracteres.
password-identity = La contraseña no puede ser ni contener tu dirección de correo electrónico ni tu nombre de usuario.
password-reused = { $count ->
    [one] Elige una contraseña distinta de la última que usaste.
   *[other] Elige una contraseña distinta de las últimas { $count } que usaste.
}
password-mismatch = Las dos contraseñas no coinciden.

## Correos electrónicos.
mail-hello = Hola:
mail-hello-name = Hola, { $name }:
mail-not-you = Si no has sido tú, ponte en contacto con tu administrador de inmediato.
mail-invitation-subject = Activa tu cuenta
mail-invitation-lead = Se ha creado una cuenta para ti ({ $email }). Para empezar, elige tu contraseña:
mail-invitation-action = Activar ahora
mail-invitation-expiry = Este enlace solo se puede usar una vez y caduca en { $valid_for }. Si ha caducado, pide a tu administrador que te envíe una nueva invitación, o usa “¿Olvidaste tu contraseña?” en la página de inicio de sesión.
mail-reset-subject = Restablece tu contraseña
mail-reset-action = Restablecer tu contraseña
mail-reset-expiry = Este enlace solo se puede usar una vez y caduca en { $valid_for }. Si no lo has solicitado, puedes ignorar este mensaje: tu contraseña no cambiará.
mail-reset-asked = Alguien (esperamos que tú) ha solicitado restablecer la contraseña de tu cuenta.
mail-reset-expired = Tu contraseña ha caducado. Elige una nueva para volver a iniciar sesión.
mail-reset-admin = Un administrador te ha pedido que elijas una nueva contraseña.
mail-changed-subject = Se ha cambiado tu contraseña
mail-changed-lead = Se ha cambiado la contraseña de tu cuenta { $email }. Se han cerrado tus otras sesiones.
mail-expiry-subject = { $count ->
    [one] Tu contraseña caduca en { $count } día
   *[other] Tu contraseña caduca en { $count } días
}
mail-expiry-lead = { $count ->
    [one] La contraseña de tu cuenta { $email } caduca en { $count } día. Cámbiala antes desde la página de tu cuenta.
   *[other] La contraseña de tu cuenta { $email } caduca en { $count } días. Cámbiala antes desde la página de tu cuenta.
}
mail-expiry-action = Cambiar tu contraseña
mail-locked-subject = Se ha bloqueado tu cuenta
mail-locked-lead = Ha habido demasiados intentos fallidos de inicio de sesión en tu cuenta { $email }.
mail-locked-permanent = La cuenta permanecerá bloqueada hasta que un administrador la desbloquee.
mail-locked-temporary = { $count ->
    [one] El inicio de sesión está bloqueado durante { $count } minuto.
   *[other] El inicio de sesión está bloqueado durante { $count } minutos.
}
mail-locked-not-you = Si no has hecho tú estos intentos, avisa a tu administrador.
mail-mfa-changed-subject = Se ha modificado la verificación en dos pasos de tu cuenta
mail-mfa-changed-lead = Se ha modificado la verificación en dos pasos de tu cuenta: { $what }.
mail-mfa-changed-not-you = Si no has sido tú, restablece tu contraseña y ponte en contacto con tu administrador de inmediato.
mail-directory-subject = Los datos de tu cuenta han cambiado en tu directorio
mail-directory-lead = El directorio de tu organización ha modificado tu cuenta: { $what }.
mail-directory-not-you = Si no lo esperabas, ponte en contacto con tu administrador.
mail-code-subject = Tu código de inicio de sesión: { $code }
mail-code-lead = Tu código de inicio de sesión es
mail-code-expiry = Es válido durante { $valid_for } y solo se puede usar una vez. Si no has intentado iniciar sesión, cambia tu contraseña.

## Segundos factores.
method-totp = Aplicación de autenticación
method-sms = Mensaje de texto (SMS)
method-email = Correo electrónico
method-passkey = Llave de acceso o llave de seguridad
method-name-totp = aplicación de autenticación
method-name-sms = mensaje de texto (SMS)
method-name-email = código por correo electrónico
method-name-passkey = llave de acceso
mfa-no-phone = No hay ningún número de teléfono en tu perfil. Ponte en contacto con tu administrador.
mfa-too-many-sends = Se han enviado demasiados códigos. Espera unos minutos antes de volver a pedir uno.
mfa-sms-failed = No se ha podido enviar el mensaje de texto. Vuelve a intentarlo o elige otro método.
mfa-no-code-needed = Este método no necesita que se envíe ningún código.
mfa-blocked = { $count ->
    [one] Demasiados códigos incorrectos. Espera { $count } minuto antes de volver a intentarlo.
   *[other] Demasiados códigos incorrectos. Espera { $count } minutos antes de volver a intentarlo.
}
mfa-new-recovery-title = Tus nuevos códigos de recuperación
mfa-change-recovery = se han creado nuevos códigos de recuperación y los anteriores ya no funcionan
mfa-change-added = se ha añadido un segundo factor ({ $method })
mfa-change-removed = se ha eliminado un segundo factor ({ $method })
mfa-change-passkey-added = se ha añadido una llave de acceso (“{ $name }”)
mfa-change-passkey-removed = se ha eliminado una llave de acceso (“{ $name }”)
mfa-change-phone = se ha cambiado el número de teléfono para los códigos por mensaje de texto
mfa-change-new-phone = un nuevo número de teléfono recibe los códigos de inicio de sesión
# El mensaje de texto con un código de inicio de sesión.
sms-code = Tu código de inicio de sesión es { $code }. Es válido durante { $valid_for }.
mfa-resent = Se ha enviado un nuevo código. Los códigos anteriores ya no funcionan.
mfa-wrong-code = Ese código no es correcto.
mfa-save-codes-title = Guarda tus códigos de recuperación
mfa-saved-continue = Ya los he guardado, continuar
mfa-prove-email = Antes de configurar la verificación en dos pasos, confirma que eres tú: introduce el código de 6 dígitos que hemos enviado a { $email }.
mfa-check-email = Revisa tu correo electrónico
mfa-code-email = Código del correo electrónico
mfa-code-email-or-recovery = Código del correo electrónico (o un código de recuperación)
mfa-setup-title = Configura un segundo factor
mfa-setup-lead = Tu cuenta necesita un segundo paso para iniciar sesión. Elige cómo quieres recibir tus códigos.
mfa-choose-method = Elige un método:
mfa-other-method = Usar otro método:
mfa-totp-setup-title = Configura tu aplicación de autenticación
mfa-totp-setup-lead = Escanea el código QR con Google Authenticator, Microsoft Authenticator, Authy o una aplicación similar y, después, introduce el código de 6 dígitos que muestre.
mfa-code-app = Código de la aplicación
mfa-totp-title = Introduce tu código
mfa-totp-lead = Abre tu aplicación de autenticación e introduce el código de 6 dígitos.
mfa-code-app-or-recovery = Código de la aplicación (o un código de recuperación)
mfa-email-lead = Hemos enviado un código de 6 dígitos a { $email }.
mfa-check-phone = Revisa tu teléfono
mfa-sms-lead = Hemos enviado un código de 6 dígitos por mensaje de texto.
mfa-code-sms = Código del mensaje de texto
mfa-code-sms-or-recovery = Código del mensaje de texto (o un código de recuperación)
error-unknown-method = Método desconocido.
error-method-unavailable = Este método no está disponible.
passkey-unavailable = Las llaves de acceso no están disponibles en este momento. Usa otro método.
passkey-create-lead = Una llave de acceso te permite iniciar sesión con tu huella digital, tu cara, el bloqueo de pantalla o una llave de seguridad. Solo funciona en este sitio, así que una página falsa no puede robarla.
passkey-use-lead = Confirma que eres tú con tu huella digital, tu cara, el bloqueo de pantalla o tu llave de seguridad.
passkey-suggested-name = Llave de acceso ({ $browser })
passkey-or-recovery = O introduce un código de recuperación
passkey-expired = Has tardado demasiado o la solicitud ya se había utilizado. Vuelve a intentarlo.
passkey-failed = No se ha podido usar esa llave de acceso. Vuelve a intentarlo o inicia sesión de otra forma.
passkey-model = Este tipo de llave de seguridad o llave de acceso no está permitido aquí. Usa una que haya aprobado tu organización.
passkey-too-many = Tu cuenta ya tiene el número máximo de llaves de acceso permitido. Elimina una primero.
browser-on-os = { $browser } en { $os }
browser-unknown = Navegador desconocido

## Cambios realizados por el directorio corporativo (en un correo).
directory-new-phone = un nuevo número de teléfono que termina en { $ending }
directory-new-phone-next = No se usará para los códigos de inicio de sesión hasta que lo confirmes en la página de tu cuenta o lo confirme un administrador.
directory-phone-added = se ha añadido un número de teléfono que termina en { $ending }
directory-phone-added-next = Los códigos de inicio de sesión por mensaje de texto pueden enviarse a ese número.
directory-new-email = indica una nueva dirección de correo electrónico, { $email }
directory-new-email-held = Los códigos de inicio de sesión se siguen enviando a esta dirección, por lo que no se ha aplicado la nueva. Si el cambio lo has hecho tú, consúltalo con tu administrador.
directory-email-changed = su dirección de correo electrónico ahora es { $email }
directory-email-changed-next = A partir de ahora, los mensajes sobre tu cuenta se envían a la nueva dirección.

## Inicio de sesión con otro proveedor (Google, Microsoft, …).
upstream-failed-title = Error al iniciar sesión
upstream-failed = No se ha podido iniciar sesión con { $upstream }.
upstream-failed-hint = Vuelve a la página de inicio de sesión e inténtalo de nuevo. Si sigue ocurriendo, comunica a tu administrador la referencia que aparece abajo.
upstream-cancelled-title = Inicio de sesión cancelado
upstream-cancelled = El inicio de sesión con { $upstream } se ha cancelado o rechazado.
upstream-cancelled-hint = Vuelve a la página de inicio de sesión e inténtalo de nuevo.
upstream-no-account = Ninguna cuenta coincide con tu dirección de correo electrónico de { $upstream }. Ponte en contacto con tu administrador.
upstream-sso-off = El inicio de sesión único no está habilitado para tu cuenta. Ponte en contacto con tu administrador.
upstream-refused-title = Inicio de sesión rechazado
signed-out-title = Sesión cerrada
terms-declined = Has rechazado las Condiciones del servicio y se ha cerrado tu sesión.
error-unknown-decision = Decisión desconocida.
signed-out = Se ha cerrado tu sesión.
error-not-a-form = La solicitud debe ser un formulario.
error-id-token-hint = El id_token_hint no es válido.
error-unknown-client = La aplicación no está registrada.
error-client-hint-mismatch = El client_id no coincide con el id_token_hint.
error-logout-uri = El post_logout_redirect_uri no está registrado para esta aplicación.
error-redirect-uri = El URI de redirección no es válido.
login-credentials-expired = Las credenciales han caducado. Hemos enviado a tu dirección de correo electrónico un enlace para elegir una nueva contraseña.
home-signed-out = No has iniciado sesión.
home-signed-in-title = Sesión iniciada
home-signed-in = Has iniciado sesión como { $email }.
ago-now = ahora mismo
ago-never = nunca
ago-minutes = { $count ->
    [one] hace { $count } minuto
   *[other] hace { $count } minutos
}
ago-hours = { $count ->
    [one] hace { $count } hora
   *[other] hace { $count } horas
}
ago-days = { $count ->
    [one] hace { $count } día
   *[other] hace { $count } días
}
account-password-directory = Tu contraseña la gestiona el directorio de tu organización. Cámbiala allí.
account-password-sso = Inicias sesión con { $upstream }. Aquí no hay ninguna contraseña que cambiar.
account-done-profile = Se ha guardado tu perfil.
account-done-password = Se ha cambiado tu contraseña. Se han cerrado tus otras sesiones.
account-done-session = Se ha cerrado la sesión.
account-done-app = Se ha revocado el acceso.
account-done-mfa = Se ha actualizado la verificación en dos pasos.
account-done-passkey-added = Se ha añadido tu llave de acceso. Ya puedes iniciar sesión con ella.
account-done-passkey-removed = Se ha eliminado la llave de acceso.
account-done-link = Se ha desvinculado el método de inicio de sesión.
account-done-phone = Los códigos de inicio de sesión por mensaje de texto se envían ahora al nuevo número.
account-name-invalid = El nombre debe tener como máximo 200 caracteres, sin saltos de línea.
account-phone-format = Introduce el número de teléfono en formato internacional, como +14155550123.
account-phone-password = Introduce tu contraseña actual para cambiar el número de teléfono.
account-wrong-password = La contraseña actual no es correcta.
account-reauth-sso = Por tu seguridad, cierra sesión y vuelve a iniciarla, y haz este cambio en los 5 minutos siguientes.
account-reauth-password = Introduce tu contraseña actual para cambiar la verificación en dos pasos.
account-keep-factor = Tu cuenta debe conservar un segundo factor.
account-keep-passkey = Tu cuenta debe conservar una llave de acceso.
account-directory-link = Directorio corporativo
account-directory-unlink = Las cuentas del directorio no se pueden desvincular.
error-no-session = No existe esa sesión.
passkey-js-registered = Esta llave de acceso ya está registrada en tu cuenta.
passkey-js-cancelled = La solicitud de llave de acceso se ha cancelado o ha caducado. Vuelve a intentarlo cuando quieras.
passkey-js-failed = Tu navegador no ha podido usar una llave de acceso aquí. Vuelve a intentarlo o usa otro método.
# El medidor de seguridad: cinco palabras, de la peor a la mejor, separadas por |.
strength-words = Muy débil|Débil|Aceptable|Fuerte|Muy fuerte
# {"{}"} representa una de las palabras anteriores.
strength-label = Seguridad: {"{}"}
strength-short = {" "}(demasiado corta)

## Los enlaces de la aplicación, en las páginas de inicio de sesión y de consentimiento.
client-logo = Logotipo de { $app }
client-website = Acerca de { $app }
client-policy = Política de privacidad de { $app }
client-tos = Términos de { $app }

## Páginas rechazadas fuera de un inicio de sesión.
error-authorize = La aplicación envió una solicitud de inicio de sesión que no se puede usar.
error-detail = Para quien desarrolla la aplicación:
admin-forbidden-title = Solo para administradores
admin-forbidden = Solo los administradores pueden usar la consola de administración.
admin-forbidden-hint = Inicia sesión con una cuenta de administrador o pide acceso a un administrador.
