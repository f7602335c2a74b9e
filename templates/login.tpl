{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center py-4">
  <div class="col-sm-9 col-md-6 col-lg-4">
    <h1 class="h4 mb-2">{{T_LOGIN_TITLE}}</h1>
    <p class="text-body-secondary">{{T_LOGIN_INTRO}}</p>
    {{#LOGIN_MESSAGE}}<div class="alert alert-danger" role="alert" id="login-error">{{TEXT}}</div>{{/LOGIN_MESSAGE}}
    <form method="post" action="/login" class="card card-body">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="next" value="{{NEXT}}">
      <label for="password" class="form-label">{{T_PASSWORD}}</label>
      <input type="password" class="form-control mb-3" id="password" name="password"
             autocomplete="current-password" maxlength="1024" required autofocus>
      <button class="btn btn-primary w-100" type="submit">{{T_LOG_IN}}</button>
    </form>
  </div>
</div>
