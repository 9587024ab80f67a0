from django.urls import path

from . import views

urlpatterns = [
    path("push/", views.PushView.as_view()),
    path("pull/", views.PullView.as_view()),
    path("resolve/", views.ResolveView.as_view()),
    path("status/", views.StatusView.as_view()),
    path("key/", views.KeyView.as_view()),
]
