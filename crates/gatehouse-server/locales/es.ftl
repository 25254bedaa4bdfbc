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
