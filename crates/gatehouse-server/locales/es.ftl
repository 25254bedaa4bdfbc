language-name = Español
secured-by = Protegido por { $product }
attempts-left = { $count ->
    [one] Queda { $count } intento
   *[other] Quedan { $count } intentos
}

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
